//! Serving HTTP connections with limits, so that slow or silent clients cannot hold the
//! server's sockets: a deadline for each request head (which is also the keep-alive idle
//! limit), a deadline for each request body, and a bound on open connections.
//!
//! `axum::serve` has none of these: a socket that connects and says nothing, or sends half a
//! header line, or announces a body that never comes, stayed open forever, and enough of them
//! used up the process's file descriptors until `/healthz` no longer answered. So we run our
//! own accept loop on hyper's HTTP/1 connection, which has the head deadline built in, wrap
//! each request body in a deadline of our own, and keep a register of open connections to close
//! the oldest idle one when the bound is reached.
//!
//! Upgraded connections (WebSockets) leave the register and every deadline at the upgrade:
//! they keep themselves alive with their own ping/pong (see `http::ws`).
//!
//! With HTTPS (`crate::tls`) each connection first completes its TLS handshake, in its own
//! task and within its own deadline (as long as the head's), counted in the register like any
//! idle connection; then it is served as above, WebSocket upgrades included (wss).

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, Request, Response, StatusCode};
use axum::response::IntoResponse;
use axum::Router;
use http_body::{Body, Frame, SizeHint};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tower_service::Service;

use crate::config::ConnectionLimits;
use crate::http::error::ApiError;
use crate::tls::Tls;

/// File descriptors kept free for everything else when the bound on connections is taken from
/// the process's limit: the database pool, WebSockets, log files, printers.
const RESERVED_DESCRIPTORS: u64 = 128;

/// The bound on open connections: the configured one, or one sized from the process's limit
/// on open files (`RLIMIT_NOFILE`), keeping [`RESERVED_DESCRIPTORS`] free.
pub fn max_connections(limits: &ConnectionLimits) -> usize {
    if limits.max_connections > 0 {
        return limits.max_connections;
    }
    let soft = rlimit::getrlimit(rlimit::Resource::NOFILE)
        .map(|(soft, _)| soft)
        .unwrap_or(1024);
    // Half when the limit is small, so a tight limit still leaves room for the rest.
    let spare = RESERVED_DESCRIPTORS.min(soft / 2);
    usize::try_from(soft.saturating_sub(spare).max(16)).unwrap_or(usize::MAX)
}

/// Serves `app` on `listener` (over TLS when `tls` is given) until `stop` turns true, then
/// lets requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    tls: Option<Arc<Tls>>,
    mut stop: watch::Receiver<bool>,
) -> std::io::Result<()> {
    let max = max_connections(&limits);
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .keep_alive(true)
        .header_read_timeout(Duration::from_secs(limits.header_timeout_s));
    let body_timeout = Duration::from_secs(limits.body_timeout_s);
    // A client that opens a connection and never finishes its handshake is cut off like one
    // that never finishes its request head.
    let handshake_timeout = Duration::from_secs(limits.header_timeout_s);
    let register = Arc::new(Register::default());
    let mut tasks = JoinSet::new();
    loop {
        while tasks.try_join_next().is_some() {}
        if register.sockets() >= max {
            // Full: make room by closing the oldest idle connection, and accept the next one
            // only once a socket is closed (the rest wait in the kernel's backlog meanwhile).
            if !register.close_oldest_idle() {
                tracing::debug!(max, "every connection is busy: not accepting for now");
            }
            tokio::select! {
                _ = register.closed.notified() => {}
                _ = tokio::time::sleep(Duration::from_millis(100)) => {}
                _ = stopped(&mut stop) => break,
            }
            continue;
        }
        let (tcp, addr) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of file descriptors (EMFILE) or the like: make room and try again,
                    // rather than stop serving.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    let _ = register.close_oldest_idle();
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = stopped(&mut stop) => break,
        };
        // Frames are small and must leave at once: no Nagle delay waiting for an ACK.
        let _ = tcp.set_nodelay(true);
        let (id, entry) = register.add();
        let service = ConnectionService {
            app: app.clone(),
            addr,
            body_timeout,
            busy: entry.busy.clone(),
        };
        let (register, mut stop, builder) = (register.clone(), stop.clone(), builder.clone());
        let tls = tls.as_ref().map(|t| t.current());
        tasks.spawn(async move {
            match tls {
                None => run_connection(&builder, tcp, service, &entry, &mut stop).await,
                Some(config) => {
                    let accept = tokio_rustls::TlsAcceptor::from(config).accept(tcp);
                    let handshake = tokio::select! {
                        r = tokio::time::timeout(handshake_timeout, accept) => r,
                        _ = stopped(&mut stop) => Ok(Err(std::io::ErrorKind::Interrupted.into())),
                        _ = entry.close.notified() => Ok(Err(std::io::ErrorKind::Interrupted.into())),
                    };
                    match handshake {
                        Ok(Ok(stream)) => {
                            run_connection(&builder, stream, service, &entry, &mut stop).await
                        }
                        Ok(Err(e)) => tracing::debug!(error = %e, "TLS handshake failed"),
                        Err(_) => tracing::debug!("TLS handshake timed out"),
                    }
                }
            }
            // The socket is closed here, with the connection.
            register.closed(id);
        });
    }
    drop(listener);
    while tasks.join_next().await.is_some() {}
    Ok(())
}

/// Serves one connection's requests until it ends, is closed to make room, or the server
/// stops (then the request in flight is finished first).
async fn run_connection<I>(
    builder: &hyper::server::conn::http1::Builder,
    io: I,
    service: ConnectionService,
    entry: &Entry,
    stop: &mut watch::Receiver<bool>,
) where
    I: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let conn = builder
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    let mut conn = std::pin::pin!(conn);
    let mut stopping = false;
    loop {
        tokio::select! {
            r = conn.as_mut() => {
                if let Err(e) = r {
                    tracing::debug!(error = %e, "connection ended");
                }
                break;
            }
            _ = stopped(stop), if !stopping => {
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
            // Dropping the connection closes its socket.
            _ = entry.close.notified() => break,
        }
    }
}

/// Resolves once the server is told to stop.
async fn stopped(stop: &mut watch::Receiver<bool>) {
    // The guard `wait_for` returns is not `Send`: drop it here, not in a `select!`.
    let _ = stop.wait_for(|v| *v).await;
}

/// Errors of one connection that the next `accept` does not share (as `axum::serve` has them).
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    )
}

/// The open connections, oldest first.
#[derive(Default)]
struct Register {
    next: AtomicU64,
    /// The connections that may still be closed to make room.
    open: Mutex<BTreeMap<u64, Arc<Entry>>>,
    /// Sockets open, including those told to close that have not yet.
    sockets: AtomicUsize,
    /// Told each time a socket is closed.
    closed: Notify,
}

struct Entry {
    /// Requests being answered on this connection, until their answer is sent whole; 0: idle
    /// (also before its first request).
    busy: Arc<AtomicUsize>,
    close: Notify,
}

impl Register {
    fn add(&self) -> (u64, Arc<Entry>) {
        self.sockets.fetch_add(1, Ordering::AcqRel);
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let entry = Arc::new(Entry {
            busy: Arc::new(AtomicUsize::new(0)),
            close: Notify::new(),
        });
        self.open
            .lock()
            .expect("connection register")
            .insert(id, entry.clone());
        (id, entry)
    }

    /// A connection's socket was closed (or handed to a WebSocket, which counts apart).
    fn closed(&self, id: u64) {
        self.open.lock().expect("connection register").remove(&id);
        self.sockets.fetch_sub(1, Ordering::AcqRel);
        self.closed.notify_one();
    }

    fn sockets(&self) -> usize {
        self.sockets.load(Ordering::Acquire)
    }

    /// Closes the connection that has been open longest without a request being answered on
    /// it: a silent socket, a half-sent head, or an idle keep-alive. False if all are busy.
    fn close_oldest_idle(&self) -> bool {
        let mut open = self.open.lock().expect("connection register");
        let oldest = open
            .iter()
            .find(|(_, e)| e.busy.load(Ordering::Acquire) == 0)
            .map(|(id, _)| *id);
        match oldest.and_then(|id| open.remove(&id)) {
            Some(e) => {
                e.close.notify_one();
                true
            }
            None => false,
        }
    }
}

/// One connection's service: the router, with the client's address, the body deadline and the
/// connection's count of requests being answered.
#[derive(Clone)]
struct ConnectionService {
    app: Router,
    addr: SocketAddr,
    body_timeout: Duration,
    busy: Arc<AtomicUsize>,
}

impl hyper::service::Service<Request<Incoming>> for ConnectionService {
    type Response = Response<axum::body::Body>;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Infallible>> + Send>>;

    fn call(&self, req: Request<Incoming>) -> Self::Future {
        let busy = Busy::new(self.busy.clone());
        let expired = Arc::new(AtomicBool::new(false));
        let (mut parts, body) = req.into_parts();
        // The public endpoints limit per client address (`ConnectInfo`).
        parts.extensions.insert(ConnectInfo(self.addr));
        let body = DeadlineBody {
            inner: body,
            deadline: Box::pin(tokio::time::sleep(self.body_timeout)),
            expired: expired.clone(),
        };
        let mut app = self.app.clone();
        let req = Request::from_parts(parts, axum::body::Body::new(body));
        Box::pin(async move {
            let response = match app.call(req).await {
                Ok(r) => r,
                Err(never) => match never {},
            };
            if !expired.load(Ordering::Acquire) {
                // Busy until the answer is sent whole: a visitor's status stream is never
                // taken for an idle connection.
                let (parts, body) = response.into_parts();
                let body = axum::body::Body::new(BusyBody {
                    inner: body,
                    _busy: busy,
                });
                return Ok(Response::from_parts(parts, body));
            }
            // The handler gave up on a body that did not come; say so, and close the
            // connection (what is left of the body would be read as the next request).
            let mut r = ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "request_timeout",
                "the request body did not arrive in time",
            )
            .into_response();
            r.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            Ok(r)
        })
    }
}

/// Counts a request as being answered for as long as it lives.
struct Busy(Arc<AtomicUsize>);

impl Busy {
    fn new(count: Arc<AtomicUsize>) -> Busy {
        count.fetch_add(1, Ordering::AcqRel);
        Busy(count)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that keeps its connection counted as busy until it is sent or dropped.
struct BusyBody {
    inner: axum::body::Body,
    _busy: Busy,
}

impl Body for BusyBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Pin::new(&mut self.get_mut().inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A request body that must arrive whole before a deadline, counted from when its head
/// arrived. (tower-http's `TimeoutBody` restarts its timer at every frame, so a client
/// trickling a byte at a time would hold the connection for as long as it likes.)
struct DeadlineBody {
    inner: Incoming,
    deadline: Pin<Box<tokio::time::Sleep>>,
    expired: Arc<AtomicBool>,
}

/// The error a handler sees when the body's deadline passed.
#[derive(Debug, thiserror::Error)]
#[error("the request body did not arrive in time")]
struct BodyTimedOut;

impl Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        // What has arrived is taken first, however late the handler reads it.
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            this.expired.store(true, Ordering::Release);
            return Poll::Ready(Some(Err(Box::new(BodyTimedOut))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
