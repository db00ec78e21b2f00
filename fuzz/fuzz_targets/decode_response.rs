//! Feeds arbitrary bytes to every decoder: the response decoder of each seed operation (what a
//! client runs on whatever the network hands it) and the request decoder (what the server
//! half runs). None of them may panic, overflow the stack or hang; errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use payment_service::operations::{AdjustInvoice, CancelInvoice, PartCreditInvoice, ReplaceInvoice, SendInvoice};
use payment_service::runtime::{decode_request, decode_response, Limits};

fuzz_target!(|data: &[u8]| {
    // HTTP bodies arrive as bytes; the decoders take text, and callers turn non-UTF-8 into an
    // error before decoding. Exercise both the exact text and a lossy conversion.
    let lossy;
    let xml = match std::str::from_utf8(data) {
        Ok(s) => s,
        Err(_) => {
            lossy = String::from_utf8_lossy(data);
            &lossy
        }
    };
    let limits = Limits::default();
    let _ = decode_response::<CancelInvoice>(xml, &limits);
    let _ = decode_response::<ReplaceInvoice>(xml, &limits);
    let _ = decode_response::<PartCreditInvoice>(xml, &limits);
    let _ = decode_response::<SendInvoice>(xml, &limits);
    let _ = decode_response::<AdjustInvoice>(xml, &limits);
    let _ = decode_request::<CancelInvoice>(xml, &limits);
    let _ = decode_request::<ReplaceInvoice>(xml, &limits);
    let _ = decode_request::<PartCreditInvoice>(xml, &limits);
    let _ = decode_request::<SendInvoice>(xml, &limits);
    let _ = decode_request::<AdjustInvoice>(xml, &limits);
});
