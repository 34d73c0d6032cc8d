//! A headset plugged into the kiosk starts speech mode (EN 301 549 clause 5.1.3; the European
//! Accessibility Act asks ticket machines to speak to a visitor who brings headphones).
//!
//! The station watches whether headphones are in and puts it in the page's view; the page turns
//! speech on when they go in and off when they come out. Where the PC can tell depends on its
//! sound card, so the source is a setting (`--headset`):
//!
//! - `auto` (the default): the Linux input switches. A sound card with jack detection reports
//!   `SW_HEADPHONE_INSERT` on an `/dev/input/event*` device; the station reads the switch state
//!   (it needs read access to those devices: the `input` group). A PC without such a device
//!   simply never reports a headset, and F1/H still work.
//! - `off`: never.
//! - a file path: `1` in the file means plugged in, anything else (or no file) not. For PCs whose
//!   jack is seen by another program (an `acpid` or udev rule writing the file), and for tests.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::Shared;

/// How often the headset is looked at: quick enough that speech starts as the plug goes in.
const POLL: Duration = Duration::from_millis(500);

/// Where the station learns that headphones are plugged in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum HeadsetSource {
    #[default]
    Auto,
    Off,
    File(PathBuf),
}

impl HeadsetSource {
    /// `auto`, `off` or a file path (absolute or relative, not empty).
    pub fn parse(s: &str) -> Result<HeadsetSource, String> {
        match s.trim() {
            "" => Err("--headset needs auto, off or a file path".into()),
            "auto" => Ok(HeadsetSource::Auto),
            "off" => Ok(HeadsetSource::Off),
            path => Ok(HeadsetSource::File(PathBuf::from(path))),
        }
    }

    /// Whether headphones are plugged in now.
    fn plugged_in(&self) -> bool {
        match self {
            HeadsetSource::Off => false,
            HeadsetSource::File(path) => std::fs::read_to_string(path)
                .map(|s| s.trim() == "1")
                .unwrap_or(false),
            HeadsetSource::Auto => input_switch::headphones_in(),
        }
    }
}

/// Keeps `View::headset` current until the station stops.
pub async fn watch_headset(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let source = shared.settings.headset.clone();
    if source == HeadsetSource::Off {
        return;
    }
    loop {
        let probe = source.clone();
        let now = tokio::task::spawn_blocking(move || probe.plugged_in())
            .await
            .unwrap_or(false);
        shared.view.send_if_modified(|v| {
            let changed = v.headset != now;
            v.headset = now;
            changed
        });
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = stop.wait_for(|s| *s) => return,
        }
    }
}

#[cfg(target_os = "linux")]
mod input_switch {
    //! Reads the headphone switch of the kernel's input devices with two `ioctl`s
    //! (`EVIOCGBIT(EV_SW)`: which switches a device has; `EVIOCGSW`: their state), as
    //! `evtest` does, without reading (and so without taking) any events.

    use std::fs::File;
    use std::os::fd::AsRawFd;

    const EV_SW: u32 = 0x05;
    const SW_HEADPHONE_INSERT: usize = 0x02;
    /// Room for every switch the kernel knows (`SW_MAX` is 0x10).
    const BITS: usize = 8;

    /// `_IOC(_IOC_READ, 'E', nr, len)` from `<linux/input.h>`.
    fn ioc_read(nr: u32, len: usize) -> libc::c_ulong {
        ((2 as libc::c_ulong) << 30)
            | ((len as libc::c_ulong) << 16)
            | ((b'E' as libc::c_ulong) << 8)
            | nr as libc::c_ulong
    }

    fn bit(bits: &[u8; BITS], n: usize) -> bool {
        bits[n / 8] & (1 << (n % 8)) != 0
    }

    fn read_bits(file: &File, request: libc::c_ulong) -> Option<[u8; BITS]> {
        let mut bits = [0u8; BITS];
        // SAFETY: the request writes at most `BITS` bytes (its encoded length) into `bits`,
        // which outlives the call; the descriptor is open for as long as `file` lives.
        let r = unsafe { libc::ioctl(file.as_raw_fd(), request as _, bits.as_mut_ptr()) };
        (r >= 0).then_some(bits)
    }

    /// True when any input device with a headphone switch reports it closed.
    pub fn headphones_in() -> bool {
        let Ok(dir) = std::fs::read_dir("/dev/input") else {
            return false;
        };
        dir.flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("event"))
            .filter_map(|e| File::open(e.path()).ok())
            .any(|file| {
                let has = read_bits(&file, ioc_read(0x20 + EV_SW, BITS))
                    .is_some_and(|b| bit(&b, SW_HEADPHONE_INSERT));
                has && read_bits(&file, ioc_read(0x1b, BITS))
                    .is_some_and(|b| bit(&b, SW_HEADPHONE_INSERT))
            })
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn the_requests_are_the_kernels() {
            // EVIOCGBIT(EV_SW, 8) and EVIOCGSW(8) as <linux/input.h> computes them.
            assert_eq!(super::ioc_read(0x20 + super::EV_SW, 8), 0x8008_4525);
            assert_eq!(super::ioc_read(0x1b, 8), 0x8008_451b);
        }

        #[test]
        fn a_machine_without_a_jack_switch_has_no_headset() {
            // Whatever this machine has, looking never fails or blocks.
            let _ = super::headphones_in();
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod input_switch {
    /// Other systems: no input switches to read; F1/H and `--headset FILE` still work.
    pub fn headphones_in() -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_is_auto_off_or_a_file() {
        assert_eq!(HeadsetSource::parse("auto"), Ok(HeadsetSource::Auto));
        assert_eq!(HeadsetSource::parse(" off "), Ok(HeadsetSource::Off));
        assert_eq!(
            HeadsetSource::parse("/run/onthaal/headset"),
            Ok(HeadsetSource::File("/run/onthaal/headset".into()))
        );
        assert!(HeadsetSource::parse(" ").is_err());
    }

    #[test]
    fn a_file_says_1_when_plugged_in() {
        let dir = std::env::temp_dir().join(format!("onthaal-headset-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("headset");
        let source = HeadsetSource::File(file.clone());
        assert!(!source.plugged_in(), "no file: not plugged in");
        std::fs::write(&file, "1\n").unwrap();
        assert!(source.plugged_in());
        std::fs::write(&file, "0").unwrap();
        assert!(!source.plugged_in());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
