//! A [`Service`] called in the same process, behind the same API as the HTTP [`Client`](crate::Client)
//! (features `client` and `server`).
//!
//! [`InProcess`] implements [`CallOperation`](rt::CallOperation), so it implements the
//! generated [`PaymentServiceApi`](crate::PaymentServiceApi) like the `Client` does: code
//! written against that trait runs unchanged against the real service, against the
//! [simulator](crate::simulator::Simulator) in-process (no port, no HTTP), or against a mock.
//!
//! A call takes the path an HTTP call takes, without the socket: the request is validated
//! and encoded with the builder's headers (an invalid one is [`ErrorKind::Validation`] and the
//! service never sees it), the envelope goes through the generated [`dispatch`](crate::dispatch)
//! (which decodes and validates it again and applies the service's fault hooks, so the
//! simulator answers with its documented `VALIDATION_*` codes), and the answer is interpreted
//! exactly as the client interprets an HTTP response: a fault is [`ErrorKind::Fault`] with its
//! typed [`FaultCode`](crate::FaultCode) and HTTP status 500. A handler that panics is the
//! service's [`internal_fault`](Service::internal_fault), as with the HTTP server.
//!
//! ```
//! use payment_service::simulator::Simulator;
//! use payment_service::{Client, ErrorKind, FaultCode, GetInvoiceInformationRequest, PaymentServiceApi};
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let simulator = Client::builder()
//!     .username("USERNAME") // the simulator's default credentials
//!     .password("PASSWORD")
//!     .in_process(Simulator::new())
//!     .unwrap();
//! let request = GetInvoiceInformationRequest::builder()
//!     .correlation_id("c1")
//!     .country_code("SE")
//!     .invoice_no("1")
//!     .store_id(1234)
//!     .build()
//!     .unwrap();
//! let err = simulator.get_invoice_information(&request).await.unwrap_err();
//! assert!(matches!(err.kind(), ErrorKind::Fault(f) if f.code == FaultCode::InvoiceNotFound));
//! # }
//! ```

use crate::client::{CallOptions, Credentials, WireObserver, WireRequest, WireResponse};
use crate::error::{Error, ErrorKind};
use crate::runtime::client::{self as http, HeaderSource};
use crate::runtime::{self as rt, Limits, Operation, ServerResponse};
use crate::{Service, SoapHeaders};
use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// What [`WireRequest::endpoint`] says for an in-process call.
pub const IN_PROCESS_ENDPOINT: &str = "in-process:";

/// A caller of a [`Service`] in the same process: the same methods (through
/// [`PaymentServiceApi`](crate::PaymentServiceApi)), validation, fault mapping, per-call
/// options and wire observer as the HTTP [`Client`](crate::Client), without a socket.
/// Made with [`ClientBuilder::in_process`](crate::ClientBuilder::in_process). Cheap to clone:
/// clones share the service.
pub struct InProcess<S> {
    service: Arc<S>,
    credentials: Credentials,
    limits: Limits,
    observer: Option<Arc<dyn WireObserver>>,
    timeout: Option<Duration>,
}

impl<S> Clone for InProcess<S> {
    fn clone(&self) -> Self {
        InProcess {
            service: Arc::clone(&self.service),
            credentials: self.credentials.clone(),
            limits: self.limits,
            observer: self.observer.clone(),
            timeout: self.timeout,
        }
    }
}

impl<S> fmt::Debug for InProcess<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InProcess")
            .field("service", &std::any::type_name::<S>())
            .field("credentials", &self.credentials)
            .field("limits", &self.limits)
            .field("observed", &self.observer.is_some())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl<S> InProcess<S> {
    pub(crate) fn from_parts(
        service: Arc<S>,
        credentials: Credentials,
        limits: Limits,
        observer: Option<Arc<dyn WireObserver>>,
    ) -> Self {
        InProcess {
            service,
            credentials,
            limits,
            observer,
            timeout: None,
        }
    }

    /// The service the calls go to (to inspect a simulator's state in a test).
    pub fn service(&self) -> &Arc<S> {
        &self.service
    }

    /// This caller with the overrides of `options` (as
    /// [`Client::with_call_options`](crate::Client::with_call_options)). A timeout makes a
    /// call that takes longer fail with [`ErrorKind::Timeout`]; it needs a Tokio runtime with
    /// its timer (what `#[tokio::test]` and `#[tokio::main]` set up). Without one, in-process
    /// calls have no time limit.
    pub fn with_call_options(&self, options: CallOptions) -> InProcess<S> {
        InProcess {
            credentials: self.credentials.with_options(&options),
            timeout: options.get_timeout().or(self.timeout),
            ..self.clone()
        }
    }

    /// This caller, with every exchange going to `observer` (see
    /// [`ClientBuilder::observer`](crate::ClientBuilder::observer)).
    pub fn with_observer(&self, observer: impl WireObserver) -> InProcess<S> {
        InProcess {
            observer: Some(Arc::new(observer)),
            ..self.clone()
        }
    }
}

impl<S: Service> rt::CallOperation for InProcess<S> {
    type Error = Error;
    type Headers = SoapHeaders;

    fn call<O: Operation<Headers = SoapHeaders>>(
        &self,
        request: &O::Request,
    ) -> impl Future<Output = Result<O::Response, Error>> + Send {
        let info = O::INFO;
        let headers = self.credentials.call_headers(info);
        let headers = &*headers;
        // As with the HTTP client: validated and encoded before the future is first polled.
        let prepared = match rt::validate_request::<O>(headers, request) {
            Err(mut e) => {
                let secrets = self.credentials.secrets();
                for v in &mut e.violations {
                    v.message = http::redact(&v.message, &secrets);
                }
                Err(Error::from(e).with_operation(info))
            }
            Ok(()) => Ok(rt::encode_request::<O>(headers, request)),
        };
        let this = self.clone();
        async move {
            let envelope = prepared?;
            let secrets = this.credentials.secrets();
            let call_id = http::next_call_id();
            if let Some(o) = &this.observer {
                let redacted = http::redact(&envelope, &secrets);
                o.request(&WireRequest::new(
                    call_id,
                    info,
                    IN_PROCESS_ENDPOINT,
                    &redacted,
                ));
            }
            let started = Instant::now();
            let answer = this.exchange(info.soap_action, envelope).await;
            if let Some(o) = &this.observer {
                let elapsed = started.elapsed();
                match &answer {
                    Some(r) => {
                        let body = http::redact(&r.body, &secrets);
                        o.response(&WireResponse::received(
                            call_id, info, r.status, &body, elapsed,
                        ))
                    }
                    None => o.response(&WireResponse::failed(
                        call_id,
                        info,
                        "the request timed out",
                        elapsed,
                    )),
                }
            }
            let Some(response) = answer else {
                return Err(Error::from(ErrorKind::Timeout).with_operation(info));
            };
            http::interpret_response::<O>(
                response.status,
                response.body.as_bytes(),
                &this.limits,
                &secrets,
            )
            .map_err(|e| Error::from_runtime(e, info))
        }
    }
}

impl<S: Service> InProcess<S> {
    /// Dispatches `envelope` to the service as the HTTP server would; `None` when the call's
    /// timeout elapsed first.
    async fn exchange(&self, soap_action: &str, envelope: String) -> Option<ServerResponse> {
        let service = Arc::clone(&self.service);
        let limits = self.limits;
        let action = soap_action.to_owned();
        let answer = CatchUnwind(Box::pin(async move {
            crate::dispatch(&*service, Some(&action), &envelope, &limits).await
        }));
        let answer = match self.timeout {
            Some(t) => tokio::time::timeout(t, answer).await.ok()?,
            None => answer.await,
        };
        // The same answer as the HTTP server's: the panic's message is not sent.
        Some(answer.unwrap_or_else(|()| {
            ServerResponse::fault(
                &self
                    .service
                    .internal_fault("The service failed while handling the request."),
            )
        }))
    }
}

/// A future that turns a panic while polling `F` into `Err(())`.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_while_polling_is_an_error_not_an_unwind() {
        let ok = CatchUnwind(Box::pin(async { 7 }));
        assert_eq!(ok.await, Ok(7));
        let panics = CatchUnwind(Box::pin(async {
            if std::hint::black_box(true) {
                panic!("handler bug");
            }
            7
        }));
        assert_eq!(panics.await, Err(()));
    }
}
