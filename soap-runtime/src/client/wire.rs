//! Wire logging: a hook that sees every request envelope a client sends and every response it
//! receives, with the secrets of its [`HeaderSource`](super::HeaderSource) redacted.

use crate::OperationInfo;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Sees every SOAP exchange of a client: the request envelope just before it is sent, and
/// the response (or the failure to get one) when the call ends. For logging, recording
/// envelopes to files, or asserting in tests what went over the wire.
///
/// Both texts have the secrets redacted the way [`redact`](super::redact) does it (each whole
/// occurrence of the password, as it is and XML-escaped, becomes `***`); nothing else in them
/// is changed. A request that fails validation is never sent, so it is never observed.
/// The hook runs on the calling task: keep it short (write to a channel or a buffered file).
///
/// The `tracing` spans of the client are independent of it: both can be on.
///
/// ```
/// use soap_runtime::client::{WireObserver, WireRequest, WireResponse};
/// use std::sync::Mutex;
///
/// #[derive(Default)]
/// struct Recorder(Mutex<Vec<String>>);
///
/// impl WireObserver for Recorder {
///     fn request(&self, r: &WireRequest<'_>) {
///         self.0.lock().unwrap().push(format!("#{} {} >> {}", r.call_id, r.operation.name, r.envelope));
///     }
///     fn response(&self, r: &WireResponse<'_>) {
///         let status = r.status.map_or("no response".to_owned(), |s| s.to_string());
///         self.0.lock().unwrap().push(format!("#{} {status} in {:?}", r.call_id, r.elapsed));
///     }
/// }
/// // ClientBuilder::new(url).observer(std::sync::Arc::new(Recorder::default()))
/// ```
pub trait WireObserver: Send + Sync + 'static {
    /// The envelope of a call, about to be sent.
    fn request(&self, request: &WireRequest<'_>) {
        let _ = request;
    }

    /// The end of a call: the response that arrived, or why none did.
    fn response(&self, response: &WireResponse<'_>) {
        let _ = response;
    }
}

/// An observer shared with its owner (who reads what it recorded).
impl<T: WireObserver + ?Sized> WireObserver for Arc<T> {
    fn request(&self, request: &WireRequest<'_>) {
        (**self).request(request)
    }
    fn response(&self, response: &WireResponse<'_>) {
        (**self).response(response)
    }
}

/// A request envelope about to be sent (see [`WireObserver::request`]).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct WireRequest<'a> {
    /// Identifies the call; the same in its [`WireResponse`]. Unique within the process.
    pub call_id: u64,
    /// The operation (name, SOAPAction, ...).
    pub operation: &'static OperationInfo,
    /// Where it is sent (`in-process:` for an in-process dispatcher).
    pub endpoint: &'a str,
    /// The whole envelope, secrets redacted.
    pub envelope: &'a str,
}

impl<'a> WireRequest<'a> {
    /// A request of call `call_id` (from [`next_call_id`]); `envelope` must already be
    /// redacted (for transports other than the HTTP client).
    pub fn new(
        call_id: u64,
        operation: &'static OperationInfo,
        endpoint: &'a str,
        envelope: &'a str,
    ) -> Self {
        WireRequest {
            call_id,
            operation,
            endpoint,
            envelope,
        }
    }
}

/// How a call ended (see [`WireObserver::response`]).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct WireResponse<'a> {
    /// The call, as in its [`WireRequest`].
    pub call_id: u64,
    /// The operation.
    pub operation: &'static OperationInfo,
    /// The HTTP status; `None` when no response arrived (timeout, connection failure).
    pub status: Option<u16>,
    /// The body as received (invalid UTF-8 replaced by U+FFFD, at most
    /// [`Limits::max_bytes`](crate::Limits::max_bytes) of it), secrets redacted; `None` when
    /// no response arrived.
    pub body: Option<&'a str>,
    /// Why no response arrived, when none did.
    pub failure: Option<&'a str>,
    /// From just before sending until the response was read (or the call failed).
    pub elapsed: Duration,
}

impl<'a> WireResponse<'a> {
    /// A response with `status` and (redacted) `body` (for other transports).
    pub fn received(
        call_id: u64,
        operation: &'static OperationInfo,
        status: u16,
        body: &'a str,
        elapsed: Duration,
    ) -> Self {
        WireResponse {
            call_id,
            operation,
            status: Some(status),
            body: Some(body),
            failure: None,
            elapsed,
        }
    }

    /// A call that got no response, because of `failure` (for other transports).
    pub fn failed(
        call_id: u64,
        operation: &'static OperationInfo,
        failure: &'a str,
        elapsed: Duration,
    ) -> Self {
        WireResponse {
            call_id,
            operation,
            status: None,
            body: None,
            failure: Some(failure),
            elapsed,
        }
    }
}

/// A new call id for [`WireRequest::call_id`]: increasing, unique within the process.
pub fn next_call_id() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
