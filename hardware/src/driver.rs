//! Printers given by a URI: parsing, sending jobs and reading real-time status.
//!
//! | URI | printer |
//! |-----|---------|
//! | `tcp://HOST[:PORT]` | network printer, raw port (default 9100) |
//! | `usb://VID:PID`, `usb://auto` | USB printer (feature `usb`); `auto` = first printer-class device |
//! | `serial:///dev/ttyUSB0?baud=19200` | serial printer (feature `serial`), default 9600 baud |
//! | `file:///path/out.bin` | appends the ESC/POS bytes of each job |
//! | `dir:///path/` | one `<time>-<seq>.bin` per job plus a `.png` preview |
//! | `console` | a readable dump on stdout |
//!
//! Query parameters: `width=80|58` (paper width, default 80), `timeout_ms=N` (connect,
//! write and status-read timeout, default 3000), `script=raster|text` (how text the code
//! page lacks prints: as a picture, the default, or transliterated for printers without
//! raster support; see [`Script`]), `status=off` (do not ask a real printer
//! for its status before a job — for print servers that do not answer DLE EOT), and for
//! the virtual printers (`console`, `file`, `dir`) `simulate=paper-out|paper-near-end|
//! cover-open|offline|unreachable`. A `dir://` printer also reads a file named `simulate`
//! in its directory before every job, so a demo or test can pull the paper out at run time
//! (`echo paper-out > DIR/simulate`; delete the file to put it back).
//!
//! All calls block, for at most the timeout per step (connect, each status read, each
//! write stall); they never wait forever. From async code, call them inside
//! `tokio::task::spawn_blocking`. (Host names are resolved by the system resolver, which
//! has its own timeout; use IP addresses for printers.) Every job opens its own connection, so a printer that
//! was switched off and on again needs no reconnect logic, and a `Printer` can be shared
//! between threads (`Printer: Send + Sync`).

use crate::layout::{Layout, PaperWidth, Script};
use crate::{encode, preview, Error};
use std::fmt;
use std::fs::{self, OpenOptions};
use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Default timeout for connecting, for each write and for each status answer.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);

/// Where the bytes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transport {
    Tcp { host: String, port: u16 },
    Usb(UsbTarget),
    Serial { path: String, baud: u32 },
    File(PathBuf),
    Dir(PathBuf),
    Console,
}

/// Which USB device.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsbTarget {
    /// The first device with a printer-class (7) interface.
    Auto,
    Device {
        vendor: u16,
        product: u16,
    },
}

/// A fault a virtual printer pretends to have (for tests and demos).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Simulation {
    PaperOut,
    PaperNearEnd,
    CoverOpen,
    Offline,
    Unreachable,
}

impl Simulation {
    pub fn parse(s: &str) -> Option<Simulation> {
        Some(match s.trim() {
            "paper-out" => Simulation::PaperOut,
            "paper-near-end" => Simulation::PaperNearEnd,
            "cover-open" => Simulation::CoverOpen,
            "offline" => Simulation::Offline,
            "unreachable" => Simulation::Unreachable,
            _ => return None,
        })
    }
}

/// A parsed printer URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterUri {
    pub transport: Transport,
    /// Paper width the layouts for this printer should use (`?width=58`; default 80 mm).
    pub paper: PaperWidth,
    pub timeout: Duration,
    /// Ask a real printer for its status before each job (`?status=off` disables it).
    pub check_status: bool,
    /// Only for virtual printers.
    pub simulate: Option<Simulation>,
    /// How text the code page lacks prints (`?script=raster|text`; default raster).
    pub script: Script,
    raw: String,
}

impl fmt::Display for PrinterUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl std::str::FromStr for PrinterUri {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        PrinterUri::parse(s)
    }
}

impl PrinterUri {
    /// Parses a printer URI (see the module docs for the forms).
    pub fn parse(uri: &str) -> Result<PrinterUri, Error> {
        let raw = uri.trim();
        let bad = |reason: &str| Error::InvalidUri {
            uri: raw.to_owned(),
            reason: reason.to_owned(),
        };
        let (base, query) = match raw.split_once('?') {
            Some((b, q)) => (b, q),
            None => (raw, ""),
        };
        let (scheme, rest) = match base.split_once("://") {
            Some((s, r)) => (s.to_ascii_lowercase(), r),
            None if base.eq_ignore_ascii_case("console")
                || base.eq_ignore_ascii_case("console:") =>
            {
                ("console".to_owned(), "")
            }
            None => {
                return Err(bad(
                    "expected tcp://HOST:PORT, usb://VID:PID, usb://auto, serial:///dev/…, \
                     file:///…, dir:///… or console",
                ))
            }
        };

        let mut paper = PaperWidth::Mm80;
        let mut timeout = DEFAULT_TIMEOUT;
        let mut check_status = true;
        let mut simulate = None;
        let mut script = Script::default();
        let mut baud = None;
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "width" => {
                    paper = PaperWidth::parse(v).ok_or_else(|| bad("width must be 80 or 58"))?
                }
                "timeout_ms" => {
                    let ms: u64 = v
                        .parse()
                        .ok()
                        .filter(|ms| (1..=60_000).contains(ms))
                        .ok_or_else(|| bad("timeout_ms must be a number of milliseconds (1-60000)"))?;
                    timeout = Duration::from_millis(ms);
                }
                "status" => {
                    check_status = match v {
                        "on" | "true" | "1" => true,
                        "off" | "false" | "0" => false,
                        _ => return Err(bad("status must be on or off")),
                    }
                }
                "script" => {
                    script = Script::parse(v).ok_or_else(|| bad("script must be raster or text"))?
                }
                "simulate" => {
                    simulate = Some(Simulation::parse(v).ok_or_else(|| {
                        bad("simulate must be paper-out, paper-near-end, cover-open, offline or unreachable")
                    })?)
                }
                "baud" => {
                    baud = Some(
                        v.parse::<u32>()
                            .ok()
                            .filter(|b| *b > 0)
                            .ok_or_else(|| bad("baud must be a positive number, e.g. 19200"))?,
                    )
                }
                _ => return Err(bad(&format!("unknown parameter {k:?}"))),
            }
        }

        let transport =
            match scheme.as_str() {
                "tcp" => {
                    let authority = rest.trim_end_matches('/');
                    if authority.contains('/') {
                        return Err(bad("a tcp:// printer has no path; use tcp://HOST:PORT"));
                    }
                    let (host, port) = split_host_port(authority).ok_or_else(|| {
                        bad("expected tcp://HOST:PORT with a port between 1 and 65535")
                    })?;
                    if host.is_empty() {
                        return Err(bad("the host is missing; use tcp://HOST:PORT"));
                    }
                    Transport::Tcp { host, port }
                }
                "usb" => {
                    let target = rest.trim_end_matches('/');
                    if target.eq_ignore_ascii_case("auto") {
                        Transport::Usb(UsbTarget::Auto)
                    } else {
                        let (v, p) = target.split_once(':').ok_or_else(|| {
                        bad("expected usb://VID:PID in hex (e.g. usb://04b8:0e15) or usb://auto")
                    })?;
                        let hex = |s: &str| {
                            let s = s.trim_start_matches("0x");
                            if s.is_empty() || s.len() > 4 {
                                return None;
                            }
                            u16::from_str_radix(s, 16).ok()
                        };
                        match (hex(v), hex(p)) {
                            (Some(vendor), Some(product)) => {
                                Transport::Usb(UsbTarget::Device { vendor, product })
                            }
                            _ => return Err(bad(
                                "vendor and product ids must be 4 hex digits, e.g. usb://04b8:0e15",
                            )),
                        }
                    }
                }
                "serial" => {
                    let path = percent_decode(rest);
                    if path.is_empty() {
                        return Err(bad("the device is missing, e.g. serial:///dev/ttyUSB0"));
                    }
                    Transport::Serial {
                        path,
                        baud: baud.unwrap_or(9600),
                    }
                }
                "file" => {
                    let path = percent_decode(rest);
                    if !path.starts_with('/') || path.ends_with('/') {
                        return Err(bad(
                            "expected an absolute file path, e.g. file:///var/lib/onthaal/out.bin",
                        ));
                    }
                    Transport::File(PathBuf::from(path))
                }
                "dir" => {
                    let path = percent_decode(rest);
                    if !path.starts_with('/') {
                        return Err(bad(
                            "expected an absolute directory, e.g. dir:///var/lib/onthaal/prints/",
                        ));
                    }
                    Transport::Dir(PathBuf::from(path))
                }
                "console" => {
                    if !rest.is_empty() {
                        return Err(bad("console takes no path"));
                    }
                    Transport::Console
                }
                other => {
                    return Err(bad(&format!(
                        "unknown scheme {other:?}; expected tcp, usb, serial, file, dir or console"
                    )))
                }
            };
        if baud.is_some() && !matches!(transport, Transport::Serial { .. }) {
            return Err(bad("baud only applies to serial:// printers"));
        }
        let is_virtual = matches!(
            transport,
            Transport::File(_) | Transport::Dir(_) | Transport::Console
        );
        if simulate.is_some() && !is_virtual {
            return Err(bad(
                "simulate only applies to console, file:// and dir:// printers",
            ));
        }
        Ok(PrinterUri {
            transport,
            paper,
            timeout,
            check_status,
            simulate,
            script,
            raw: raw.to_owned(),
        })
    }

    /// True for `console`, `file://` and `dir://`.
    pub fn is_virtual(&self) -> bool {
        matches!(
            self.transport,
            Transport::File(_) | Transport::Dir(_) | Transport::Console
        )
    }
}

fn split_host_port(s: &str) -> Option<(String, u16)> {
    let parse_port = |p: &str| p.parse::<u16>().ok().filter(|p| *p > 0);
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        let port = match after.strip_prefix(':') {
            Some(p) => parse_port(p)?,
            None if after.is_empty() => 9100,
            None => return None,
        };
        return Some((host.to_owned(), port));
    }
    match s.rsplit_once(':') {
        Some((h, p)) => Some((h.to_owned(), parse_port(p)?)),
        None => Some((s.to_owned(), 9100)),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The printer's real-time state (DLE EOT 1, 2 and 4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrinterStatus {
    pub online: bool,
    pub cover_open: bool,
    /// Time to change the roll soon; printing still works.
    pub paper_near_end: bool,
    pub paper_out: bool,
    /// An error state (cutter jam, overheating, …).
    pub error: bool,
    /// The three status bytes as received; `None` for a virtual printer.
    pub raw: Option<[u8; 3]>,
}

impl PrinterStatus {
    /// A healthy virtual printer.
    pub fn virtual_ok() -> PrinterStatus {
        PrinterStatus {
            online: true,
            cover_open: false,
            paper_near_end: false,
            paper_out: false,
            error: false,
            raw: None,
        }
    }

    /// Decodes the answers to DLE EOT 1 (printer), 2 (offline cause) and 4 (roll paper).
    /// Returns the first byte that is not a valid status byte (bits 0 and 7 clear, bits 1
    /// and 4 set) as an error.
    pub fn from_dle_eot(printer: u8, offline: u8, paper: u8) -> Result<PrinterStatus, u8> {
        for b in [printer, offline, paper] {
            if b & 0x93 != 0x12 {
                return Err(b);
            }
        }
        Ok(PrinterStatus {
            online: printer & 0x08 == 0,
            cover_open: offline & 0x04 != 0,
            paper_near_end: paper & 0x0C != 0,
            paper_out: paper & 0x60 != 0 || offline & 0x20 != 0,
            error: offline & 0x40 != 0,
            raw: Some([printer, offline, paper]),
        })
    }

    /// Can print now.
    pub fn is_ready(&self) -> bool {
        self.online && !self.cover_open && !self.paper_out && !self.error
    }

    /// `Ok` when ready, else the error that explains why not (paper out first, then
    /// cover open, then offline).
    pub fn check(&self, printer: &str) -> Result<(), Error> {
        let printer = printer.to_owned();
        if self.paper_out {
            Err(Error::PaperOut { printer })
        } else if self.cover_open {
            Err(Error::CoverOpen { printer })
        } else if self.error {
            Err(Error::Offline {
                printer,
                reason: "the printer reports an error (paper jam, cutter or head problem); \
                         open and close the cover or switch it off and on"
                    .into(),
            })
        } else if !self.online {
            Err(Error::Offline {
                printer,
                reason: "the printer is not ready (feed button held or recovering)".into(),
            })
        } else {
            Ok(())
        }
    }

    fn simulated(sim: Simulation) -> PrinterStatus {
        let mut s = PrinterStatus::virtual_ok();
        match sim {
            Simulation::PaperOut => {
                s.paper_out = true;
                s.paper_near_end = true;
                s.online = false;
            }
            Simulation::PaperNearEnd => s.paper_near_end = true,
            Simulation::CoverOpen => {
                s.cover_open = true;
                s.online = false;
            }
            Simulation::Offline => {
                s.online = false;
                s.error = true;
            }
            Simulation::Unreachable => {}
        }
        s
    }
}

/// What a job produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJob {
    /// ESC/POS bytes sent.
    pub bytes: usize,
    /// Files written (`file://`: the output file; `dir://`: the `.bin` and `.png`).
    pub files: Vec<PathBuf>,
}

/// An opened printer. Cheap to keep and to clone; each job connects anew.
#[derive(Debug, Clone)]
pub struct Printer {
    uri: PrinterUri,
}

static DIR_SEQ: AtomicU64 = AtomicU64::new(0);

trait Link: Read + Write {}
impl<T: Read + Write> Link for T {}

impl Printer {
    /// Checks what can be checked without printing: the build supports the transport, a
    /// `dir://` directory exists (it is created) and a `file://` file can be opened.
    /// Network and USB printers are only contacted by [`Printer::print`] and
    /// [`Printer::status`].
    pub fn open(uri: &PrinterUri) -> Result<Printer, Error> {
        let unreachable = |reason: String| Error::Unreachable {
            printer: uri.to_string(),
            reason,
        };
        match &uri.transport {
            Transport::Usb(_) if !cfg!(feature = "usb") => {
                return Err(Error::Unsupported(
                    "built without USB support; rebuild with --features usb".into(),
                ))
            }
            Transport::Serial { .. } if !cfg!(feature = "serial") => {
                return Err(Error::Unsupported(
                    "built without serial support; rebuild with --features serial".into(),
                ))
            }
            Transport::Dir(dir) => fs::create_dir_all(dir).map_err(|e| {
                unreachable(format!("cannot create directory {}: {e}", dir.display()))
            })?,
            Transport::File(path) => {
                OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(path)
                    .map_err(|e| unreachable(format!("cannot open {}: {e}", path.display())))?;
            }
            _ => {}
        }
        Ok(Printer { uri: uri.clone() })
    }

    /// Parses and opens in one step.
    pub fn open_str(uri: &str) -> Result<Printer, Error> {
        Printer::open(&PrinterUri::parse(uri)?)
    }

    pub fn uri(&self) -> &PrinterUri {
        &self.uri
    }

    /// The paper width layouts for this printer should be built for.
    pub fn paper_width(&self) -> PaperWidth {
        self.uri.paper
    }

    fn name(&self) -> String {
        self.uri.to_string()
    }

    /// Encodes and prints a layout. A real printer is first asked for its status (unless
    /// `status=off`), so an empty or open printer gives `PaperOut`/`CoverOpen` and
    /// nothing is sent — no half-printed ticket. Paper near end still prints.
    pub fn print(&self, layout: &Layout) -> Result<PrintJob, Error> {
        let bytes = encode::encode_for(layout, self.uri.script)?;
        self.send(&bytes, Some(layout))
    }

    /// Sends ready-made ESC/POS bytes (a `dir://` printer then writes no preview).
    pub fn print_bytes(&self, bytes: &[u8]) -> Result<PrintJob, Error> {
        self.send(bytes, None)
    }

    /// Reads the real-time status. A printer that does not answer within the timeout is
    /// `Error::Unreachable`.
    pub fn status(&self) -> Result<PrinterStatus, Error> {
        if self.uri.is_virtual() {
            return match self.simulation() {
                Some(Simulation::Unreachable) => Err(self.simulated_unreachable()),
                Some(sim) => Ok(PrinterStatus::simulated(sim)),
                None => Ok(PrinterStatus::virtual_ok()),
            };
        }
        let mut link = self.connect()?;
        self.query_status(&mut *link)
    }

    fn simulation(&self) -> Option<Simulation> {
        if let Transport::Dir(dir) = &self.uri.transport {
            if let Ok(s) = fs::read_to_string(dir.join("simulate")) {
                if let Some(sim) = Simulation::parse(&s) {
                    return Some(sim);
                }
            }
        }
        self.uri.simulate
    }

    fn simulated_unreachable(&self) -> Error {
        Error::Unreachable {
            printer: self.name(),
            reason: "simulated: no answer".into(),
        }
    }

    fn send(&self, bytes: &[u8], layout: Option<&Layout>) -> Result<PrintJob, Error> {
        if self.uri.is_virtual() {
            match self.simulation() {
                Some(Simulation::Unreachable) => return Err(self.simulated_unreachable()),
                Some(sim) => PrinterStatus::simulated(sim).check(&self.name())?,
                None => {}
            }
        }
        let printer = self.name();
        let io_err = |written: usize, source: io::Error| Error::Io {
            printer: printer.clone(),
            written,
            total: bytes.len(),
            source,
        };
        match &self.uri.transport {
            Transport::Console => {
                let text = match layout {
                    Some(l) => preview::text_dump_for(l, self.uri.script)?,
                    // Raw bytes: show the printable text, one line per LF.
                    None => bytes
                        .iter()
                        .filter_map(|&b| match b {
                            b'\n' => Some('\n'),
                            _ => crate::codepage::char_for(b),
                        })
                        .collect::<String>(),
                };
                let mut out = io::stdout().lock();
                writeln!(
                    out,
                    "{text}[console printer {}: {} bytes of ESC/POS]",
                    self.uri,
                    bytes.len()
                )
                .and_then(|_| out.flush())
                .map_err(|e| io_err(0, e))?;
                Ok(PrintJob {
                    bytes: bytes.len(),
                    files: vec![],
                })
            }
            Transport::File(path) => {
                let mut f = OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(path)
                    .map_err(|e| io_err(0, e))?;
                write_job(&mut f, bytes).map_err(|(n, e)| io_err(n, e))?;
                Ok(PrintJob {
                    bytes: bytes.len(),
                    files: vec![path.clone()],
                })
            }
            Transport::Dir(dir) => {
                let files = write_dir_job(dir, bytes, layout, self.uri.script)
                    .map_err(|(n, e)| io_err(n, e))?;
                Ok(PrintJob {
                    bytes: bytes.len(),
                    files,
                })
            }
            _ => {
                let mut link = self.connect()?;
                if self.uri.check_status {
                    match self.query_status(&mut *link) {
                        Ok(status) => status.check(&printer)?,
                        // A USB printer without an IN endpoint cannot report status.
                        Err(Error::Unsupported(_)) => {}
                        Err(e) => return Err(e),
                    }
                }
                write_job(&mut *link, bytes).map_err(|(n, e)| io_err(n, e))?;
                Ok(PrintJob {
                    bytes: bytes.len(),
                    files: vec![],
                })
            }
        }
    }

    fn connect(&self) -> Result<Box<dyn Link>, Error> {
        let t = self.uri.timeout;
        let unreachable = |reason: String| Error::Unreachable {
            printer: self.name(),
            reason,
        };
        match &self.uri.transport {
            Transport::Tcp { host, port } => {
                let addrs = (host.as_str(), *port)
                    .to_socket_addrs()
                    .map_err(|e| unreachable(format!("cannot resolve {host}: {e}")))?;
                let mut last = None;
                for addr in addrs {
                    match TcpStream::connect_timeout(&addr, t) {
                        Ok(s) => {
                            let setup = s
                                .set_read_timeout(Some(t))
                                .and_then(|_| s.set_write_timeout(Some(t)))
                                .and_then(|_| s.set_nodelay(true));
                            setup.map_err(|e| unreachable(e.to_string()))?;
                            return Ok(Box::new(TcpLink(s)));
                        }
                        Err(e) => last = Some(e),
                    }
                }
                Err(unreachable(match last {
                    Some(e) if is_timeout(&e) => format!(
                        "no answer within {} ms (is it switched on and on the network?)",
                        t.as_millis()
                    ),
                    Some(e) => format!("{e} (is it switched on, and is port {port} right?)"),
                    None => format!("{host} has no address"),
                }))
            }
            #[cfg(feature = "usb")]
            Transport::Usb(target) => Ok(Box::new(
                usb::UsbLink::open(*target, t).map_err(unreachable)?,
            )),
            #[cfg(feature = "serial")]
            Transport::Serial { path, baud } => {
                let port = serialport::new(path, *baud)
                    .timeout(t)
                    .open()
                    .map_err(|e| unreachable(format!("cannot open {path}: {e}")))?;
                Ok(Box::new(port))
            }
            _ => Err(Error::Unsupported(format!(
                "printer {} cannot be opened by this build",
                self.uri
            ))),
        }
    }

    fn query_status(&self, link: &mut dyn Link) -> Result<PrinterStatus, Error> {
        let printer = self.name();
        let mut answers = [0u8; 3];
        for (i, n) in [1u8, 2, 4].into_iter().enumerate() {
            let no_answer = |why: String| Error::Unreachable {
                printer: printer.clone(),
                reason: why,
            };
            link.write_all(&[0x10, 0x04, n])
                .and_then(|_| link.flush())
                .map_err(|e| no_answer(format!("cannot send the status request: {e}")))?;
            let mut b = [0u8; 1];
            loop {
                match link.read(&mut b) {
                    Ok(1) => break,
                    Ok(_) => {
                        return Err(no_answer(
                            "the connection closed before the printer answered the status request"
                                .into(),
                        ))
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) if e.kind() == io::ErrorKind::Unsupported => {
                        return Err(Error::Unsupported(format!(
                            "printer {printer} cannot report its status: {e}"
                        )))
                    }
                    Err(e) if is_timeout(&e) => {
                        return Err(no_answer(format!(
                            "no answer to the status request (DLE EOT {n}) within {} ms; if this \
                             printer or print server cannot report status, add ?status=off",
                            self.uri.timeout.as_millis()
                        )))
                    }
                    Err(e) => return Err(no_answer(e.to_string())),
                }
            }
            answers[i] = b[0];
        }
        PrinterStatus::from_dle_eot(answers[0], answers[1], answers[2]).map_err(|b| {
            Error::Protocol {
                printer,
                detail: format!("byte {b:#04x} in answer {answers:02x?}"),
            }
        })
    }
}

struct TcpLink(TcpStream);

impl Read for TcpLink {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.read(buf)
    }
}

impl Write for TcpLink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

impl Drop for TcpLink {
    fn drop(&mut self) {
        // Half-close so the printer sees the end of the job right away.
        let _ = self.0.shutdown(std::net::Shutdown::Write);
    }
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// Writes in small chunks so a failure reports how far the job got.
fn write_job(out: &mut dyn Write, bytes: &[u8]) -> Result<(), (usize, io::Error)> {
    let mut written = 0;
    while written < bytes.len() {
        let end = (written + 512).min(bytes.len());
        match out.write(&bytes[written..end]) {
            Ok(0) => {
                return Err((
                    written,
                    io::Error::new(io::ErrorKind::WriteZero, "the printer accepts no more data"),
                ))
            }
            Ok(n) => written += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) if is_timeout(&e) => {
                return Err((
                    written,
                    io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the printer stopped accepting data",
                    ),
                ))
            }
            Err(e) => return Err((written, e)),
        }
    }
    out.flush().map_err(|e| (written, e))
}

fn write_dir_job(
    dir: &Path,
    bytes: &[u8],
    layout: Option<&Layout>,
    script: Script,
) -> Result<Vec<PathBuf>, (usize, io::Error)> {
    fs::create_dir_all(dir).map_err(|e| (0, e))?;
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let (mut file, bin) = loop {
        let seq = DIR_SEQ.fetch_add(1, Ordering::Relaxed);
        let bin = dir.join(format!("{stamp}-{seq:04}.bin"));
        match OpenOptions::new().write(true).create_new(true).open(&bin) {
            Ok(f) => break (f, bin),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err((0, e)),
        }
    };
    write_job(&mut file, bytes)?;
    let mut files = vec![bin.clone()];
    if let Some(layout) = layout {
        let png = preview::render_png_for(layout, script)
            .map_err(|e| (bytes.len(), io::Error::other(e.to_string())))?;
        let path = bin.with_extension("png");
        fs::write(&path, png).map_err(|e| (bytes.len(), e))?;
        files.push(path);
    }
    Ok(files)
}

#[cfg(feature = "usb")]
mod usb {
    //! USB printers through libusb: the bulk OUT endpoint takes the job, the bulk IN
    //! endpoint (if any) answers status requests.
    use super::UsbTarget;
    use rusb::{Context, DeviceHandle, Direction, TransferType, UsbContext};
    use std::io::{self, Read, Write};
    use std::time::Duration;

    pub struct UsbLink {
        handle: DeviceHandle<Context>,
        iface: u8,
        ep_out: u8,
        ep_in: Option<u8>,
        timeout: Duration,
    }

    impl UsbLink {
        pub fn open(target: UsbTarget, timeout: Duration) -> Result<UsbLink, String> {
            let ctx = Context::new().map_err(|e| format!("libusb: {e}"))?;
            let devices = ctx
                .devices()
                .map_err(|e| format!("cannot list USB devices: {e}"))?;
            for device in devices.iter() {
                let Ok(desc) = device.device_descriptor() else {
                    continue;
                };
                if let UsbTarget::Device { vendor, product } = target {
                    if desc.vendor_id() != vendor || desc.product_id() != product {
                        continue;
                    }
                }
                let Ok(config) = device.active_config_descriptor() else {
                    continue;
                };
                for interface in config.interfaces() {
                    for alt in interface.descriptors() {
                        if target == UsbTarget::Auto && alt.class_code() != 7 {
                            continue;
                        }
                        let mut ep_out = None;
                        let mut ep_in = None;
                        for ep in alt.endpoint_descriptors() {
                            if ep.transfer_type() == TransferType::Bulk {
                                match ep.direction() {
                                    Direction::Out => ep_out = ep_out.or(Some(ep.address())),
                                    Direction::In => ep_in = ep_in.or(Some(ep.address())),
                                }
                            }
                        }
                        let Some(ep_out) = ep_out else { continue };
                        let handle = device.open().map_err(|e| {
                            format!(
                                "cannot open USB device {:04x}:{:04x}: {e} (permissions? add a udev rule)",
                                desc.vendor_id(),
                                desc.product_id()
                            )
                        })?;
                        let _ = handle.set_auto_detach_kernel_driver(true);
                        let iface = alt.interface_number();
                        handle
                            .claim_interface(iface)
                            .map_err(|e| format!("cannot claim USB interface {iface}: {e}"))?;
                        return Ok(UsbLink {
                            handle,
                            iface,
                            ep_out,
                            ep_in,
                            timeout,
                        });
                    }
                }
            }
            Err(match target {
                UsbTarget::Auto => "no USB printer found (no printer-class device)".into(),
                UsbTarget::Device { vendor, product } => {
                    format!("USB device {vendor:04x}:{product:04x} not found or has no bulk OUT endpoint")
                }
            })
        }
    }

    fn to_io(e: rusb::Error) -> io::Error {
        let kind = match e {
            rusb::Error::Timeout => io::ErrorKind::TimedOut,
            rusb::Error::NoDevice => io::ErrorKind::NotConnected,
            rusb::Error::Access => io::ErrorKind::PermissionDenied,
            _ => io::ErrorKind::Other,
        };
        io::Error::new(kind, e)
    }

    impl Write for UsbLink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.handle
                .write_bulk(self.ep_out, buf, self.timeout)
                .map_err(to_io)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Read for UsbLink {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.ep_in {
                Some(ep) => self.handle.read_bulk(ep, buf, self.timeout).map_err(to_io),
                None => Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "the USB printer has no status (bulk IN) endpoint",
                )),
            }
        }
    }

    impl Drop for UsbLink {
        fn drop(&mut self) {
            let _ = self.handle.release_interface(self.iface);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_forms() {
        let u = PrinterUri::parse("tcp://192.168.1.50:9100").unwrap();
        assert_eq!(
            u.transport,
            Transport::Tcp {
                host: "192.168.1.50".into(),
                port: 9100
            }
        );
        assert_eq!(u.timeout, DEFAULT_TIMEOUT);
        let u =
            PrinterUri::parse("tcp://printer.local?width=58&timeout_ms=500&status=off").unwrap();
        assert_eq!(u.paper, PaperWidth::Mm58);
        assert_eq!(u.timeout, Duration::from_millis(500));
        assert!(!u.check_status);
        assert!(matches!(u.transport, Transport::Tcp { port: 9100, .. }));
        let u = PrinterUri::parse("tcp://[::1]:9101").unwrap();
        assert_eq!(
            u.transport,
            Transport::Tcp {
                host: "::1".into(),
                port: 9101
            }
        );
        assert_eq!(
            PrinterUri::parse("usb://04b8:0E15").unwrap().transport,
            Transport::Usb(UsbTarget::Device {
                vendor: 0x04b8,
                product: 0x0e15
            })
        );
        assert_eq!(
            PrinterUri::parse("usb://auto").unwrap().transport,
            Transport::Usb(UsbTarget::Auto)
        );
        assert_eq!(
            PrinterUri::parse("serial:///dev/ttyUSB0?baud=19200")
                .unwrap()
                .transport,
            Transport::Serial {
                path: "/dev/ttyUSB0".into(),
                baud: 19200
            }
        );
        assert_eq!(
            PrinterUri::parse("file:///tmp/out%20put.bin")
                .unwrap()
                .transport,
            Transport::File("/tmp/out put.bin".into())
        );
        let u = PrinterUri::parse("dir:///tmp/prints/?simulate=paper-out").unwrap();
        assert_eq!(u.transport, Transport::Dir("/tmp/prints/".into()));
        assert_eq!(u.simulate, Some(Simulation::PaperOut));
        assert_eq!(
            PrinterUri::parse("console").unwrap().transport,
            Transport::Console
        );
        assert_eq!(u.to_string(), "dir:///tmp/prints/?simulate=paper-out");
    }

    #[test]
    fn rejects_bad_uris_with_a_reason() {
        for bad in [
            "",
            "printer",
            "http://x",
            "tcp://",
            "tcp://host:0",
            "tcp://host:99999",
            "tcp://host:9100/path",
            "usb://04b8",
            "usb://zzzz:0001",
            "serial://",
            "file://relative.bin",
            "file:///tmp/",
            "dir://relative",
            "console?width=70",
            "tcp://h:9100?simulate=paper-out",
            "tcp://h:9100?baud=9600",
            "tcp://h:9100?colour=red",
            "tcp://h:9100?timeout_ms=0",
        ] {
            match PrinterUri::parse(bad) {
                Err(Error::InvalidUri { reason, .. }) => assert!(!reason.is_empty()),
                other => panic!("{bad:?} gave {other:?}"),
            }
        }
    }

    #[test]
    fn status_bytes() {
        let ok = PrinterStatus::from_dle_eot(0x16, 0x12, 0x12).unwrap();
        assert!(ok.is_ready() && !ok.paper_near_end);
        let near = PrinterStatus::from_dle_eot(0x16, 0x12, 0x1E).unwrap();
        assert!(near.is_ready() && near.paper_near_end);
        let out = PrinterStatus::from_dle_eot(0x1E, 0x32, 0x7E).unwrap();
        assert!(out.paper_out && !out.online && !out.is_ready());
        assert!(matches!(out.check("p"), Err(Error::PaperOut { .. })));
        let cover = PrinterStatus::from_dle_eot(0x1E, 0x16, 0x12).unwrap();
        assert!(matches!(cover.check("p"), Err(Error::CoverOpen { .. })));
        assert_eq!(PrinterStatus::from_dle_eot(0x16, 0x00, 0x12), Err(0x00));
    }

    #[test]
    fn printer_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync + Clone>() {}
        shareable::<Printer>();
        fn error_is_sendable<T: Send + Sync + 'static>() {}
        error_is_sendable::<Error>();
    }

    #[cfg(feature = "usb")]
    #[test]
    fn missing_usb_printer_is_unreachable() {
        let p = Printer::open_str("usb://ffff:fffe").unwrap();
        assert!(matches!(p.status(), Err(Error::Unreachable { .. })));
    }

    #[cfg(feature = "serial")]
    #[test]
    fn missing_serial_port_is_unreachable() {
        let p = Printer::open_str("serial:///dev/onthaal-no-such-tty?baud=19200").unwrap();
        assert!(matches!(p.status(), Err(Error::Unreachable { .. })));
    }

    #[test]
    fn unsupported_transports_say_how_to_fix() {
        if !cfg!(feature = "usb") {
            let e = Printer::open_str("usb://auto").unwrap_err();
            assert_eq!(
                e.to_string(),
                "built without USB support; rebuild with --features usb"
            );
        }
        if !cfg!(feature = "serial") {
            let e = Printer::open_str("serial:///dev/ttyUSB0").unwrap_err();
            assert!(matches!(e, Error::Unsupported(_)));
        }
    }
}
