//! A local SMTP server for tests: accepts messages on 127.0.0.1 (plain text, no auth) and
//! hands each one to the test. It can refuse the next messages with a temporary error, to
//! test that the server tries again.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Mutex};

/// One accepted message.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message (headers and encoded body), lines joined with `\n`.
    pub raw: String,
}

impl Mail {
    /// A header's value (first occurrence, unfolded).
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.raw.split("\n\n").next().unwrap_or("");
        let mut value: Option<String> = None;
        for line in head.lines() {
            if let Some(v) = value.as_mut() {
                if line.starts_with(' ') || line.starts_with('\t') {
                    v.push_str(line.trim_start());
                    continue;
                }
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if k.eq_ignore_ascii_case(name) {
                    value = Some(v.trim().to_string());
                }
            }
        }
        value
    }

    /// The body, decoded from quoted-printable when it says so.
    pub fn text(&self) -> String {
        let body = self.raw.split_once("\n\n").map(|(_, b)| b).unwrap_or("");
        let qp = self
            .header("Content-Transfer-Encoding")
            .is_some_and(|v| v.eq_ignore_ascii_case("quoted-printable"));
        if qp {
            decode_quoted_printable(body)
        } else {
            body.to_string()
        }
    }
}

fn decode_quoted_printable(s: &str) -> String {
    let mut out = Vec::new();
    for line in s.split('\n') {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 3 <= b.len() {
                if let Ok(v) = u8::from_str_radix(&line[i + 1..i + 3], 16) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
            out.push(b[i]);
            i += 1;
        }
        if !soft {
            out.push(b'\n');
        }
    }
    String::from_utf8_lossy(&out)
        .trim_end_matches('\n')
        .to_string()
        + "\n"
}

/// The running test server.
pub struct SmtpSink {
    pub port: u16,
    mails: Mutex<mpsc::UnboundedReceiver<Mail>>,
    refuse: Arc<AtomicUsize>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, rx) = mpsc::unbounded_channel();
        let refuse = Arc::new(AtomicUsize::new(0));
        let r = refuse.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, tx.clone(), r.clone()));
            }
        });
        SmtpSink {
            port,
            mails: Mutex::new(rx),
            refuse,
        }
    }

    /// Answers the next `n` messages with `451` (try again later) instead of accepting them.
    pub fn refuse_next(&self, n: usize) {
        self.refuse.store(n, Ordering::SeqCst);
    }

    /// The next accepted message, or `None` when none comes within `wait`.
    pub async fn next(&self, wait: Duration) -> Option<Mail> {
        let mut rx = self.mails.lock().await;
        tokio::time::timeout(wait, rx.recv()).await.ok().flatten()
    }

    /// The messages accepted so far and not yet taken.
    pub async fn drain(&self) -> Vec<Mail> {
        let mut rx = self.mails.lock().await;
        let mut out = Vec::new();
        while let Ok(m) = rx.try_recv() {
            out.push(m);
        }
        out
    }

    /// The `[smtp]` section that makes the server send here.
    pub fn config_toml(&self) -> String {
        format!(
            "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\
             from = \"Sociaal Huis <onthaal@example.be>\"\nreply_to = \"onthaal@example.be\"\n\
             reminders_from = \"10:00\"\n",
            self.port
        )
    }
}

async fn session(stream: TcpStream, tx: mpsc::UnboundedSender<Mail>, refuse: Arc<AtomicUsize>) {
    let (r, mut w) = stream.into_split();
    let mut lines = BufReader::new(r).lines();
    let mut from = String::new();
    let mut to = Vec::new();
    if w.write_all(b"220 test SMTP ready\r\n").await.is_err() {
        return;
    }
    while let Ok(Some(line)) = lines.next_line().await {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            b"250-test\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = line[10..].trim().to_string();
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
            b"250 OK\r\n"
        } else if upper.starts_with("DATA") {
            if w.write_all(b"354 go ahead\r\n").await.is_err() {
                return;
            }
            let mut raw = Vec::new();
            while let Ok(Some(l)) = lines.next_line().await {
                if l == "." {
                    break;
                }
                // Dot-stuffing: a leading '.' was doubled by the client.
                raw.push(l.strip_prefix('.').map(str::to_string).unwrap_or(l));
            }
            let refused = refuse
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_ok();
            if refused {
                // As real mail servers do, the answer quotes the recipient: what is kept of it
                // (logged, stored) must not.
                let answer = format!("451 4.3.0 <{}>: try again later\r\n", to.join(", "));
                if w.write_all(answer.as_bytes()).await.is_err() {
                    return;
                }
                continue;
            } else {
                let _ = tx.send(Mail {
                    from: from.clone(),
                    to: to.clone(),
                    raw: raw.join("\n"),
                });
                b"250 OK queued\r\n"
            }
        } else if upper.starts_with("QUIT") {
            let _ = w.write_all(b"221 bye\r\n").await;
            return;
        } else if upper.starts_with("RSET") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else {
            b"502 not implemented\r\n"
        };
        if w.write_all(reply).await.is_err() {
            return;
        }
    }
}
