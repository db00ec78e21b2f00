// gSOAP beside our codec: the same messages and the same timing method as
// payment-service/benches/peers.rs (scripts/bench-peers.sh builds and runs it; BENCHMARKS.md).
//
// Licence: nothing of gSOAP is vendored here. The script installs gSOAP from Debian
// (`gsoap`, `libgsoap-dev`), generates the bindings from wsdl/ with wsdl2h + soapcpp2 into
// target/ and links libgsoap++ from the system; the generated code never enters the repository.
// This file is the project's own code.
//
// Build (what the script does; BUILD holds soapH.h, soapC.cpp and the .nsmap):
//   g++ -O2 -std=c++17 -I$BUILD payment-service/benches/peers/gsoap_bench.cpp $BUILD/soapC.cpp -lgsoap++
// Run:  gsoap_bench FIXTURES_DIR [--dump DIR]     (FIXTURES_DIR = tests/fixtures)
//
// encode = the generated client's send path without its HTTP part and without the optional
// Content-Length counting pass: soap_begin, soap_serializeheader, soap_serialize___tempuri__Op,
// then envelope, header, body and soap_put___tempuri__Op into a new std::ostringstream
// (soap->os). The request structs and the header are built once, outside the timing.
// decode = the generated soap_recv___tempuri__Op on an in-memory istream (soap->is, a
// streambuf over the fixture bytes, no copy): soap_begin_recv, envelope, soap_recv_header,
// body, Response::soap_get, end; then soap_destroy + soap_end (freeing the result), every
// message. Default (non-strict) mode. xs:decimal is std::string, xs:dateTime time_t.
//
// Timing (the same in every stack): the batch size doubles from 1 until one batch takes at
// least 20 ms; batches run for 200 ms of warm-up; then 41 timed batches (steady_clock); the
// figure is the median of batch time / batch size. One JSON line per measurement on stdout.

#include "soapH.h"
#include "BasicHttpBinding_USCOREIPaymentServiceV10.nsmap"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <istream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
const double MIN_BATCH_S = 0.020;
const double WARM_UP_S = 0.200;
const int BATCHES = 41;

std::string dump_dir;

[[noreturn]] void die(const std::string &what) {
    std::fprintf(stderr, "gsoap_bench: %s\n", what.c_str());
    std::exit(1);
}

std::string read_file(const std::string &path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) die("cannot read " + path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// Median microseconds per call of f and the batch size.
template <class F> std::pair<double, long> measure(F f) {
    auto batch = [&](long n) {
        auto t0 = Clock::now();
        for (long i = 0; i < n; i++) f();
        return std::chrono::duration<double>(Clock::now() - t0).count();
    };
    long n = 1;
    while (batch(n) < MIN_BATCH_S) n *= 2;
    auto warm = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - warm).count() < WARM_UP_S) batch(n);
    std::vector<double> us;
    for (int i = 0; i < BATCHES; i++) us.push_back(batch(n) * 1e6 / n);
    std::sort(us.begin(), us.end());
    return {us[BATCHES / 2], n};
}

void report(const char *op, const char *dir, double us, size_t bytes, long batch) {
    std::printf("{\"stack\":\"gsoap\",\"op\":\"%s\",\"dir\":\"%s\",\"us\":%.6g,\"bytes\":%zu,\"batch\":%ld}\n",
                op, dir, us, bytes, batch);
    std::fflush(stdout);
}

// A read-only streambuf over bytes someone else owns.
struct MemBuf : std::streambuf {
    void reset(const std::string &s) {
        char *p = const_cast<char *>(s.data());
        setg(p, p, p + s.size());
    }
};

time_t utc(int y, int mo, int d, int h, int mi, int s) {
    struct tm t;
    std::memset(&t, 0, sizeof t);
    t.tm_year = y - 1900;
    t.tm_mon = mo - 1;
    t.tm_mday = d;
    t.tm_hour = h;
    t.tm_min = mi;
    t.tm_sec = s;
    return timegm(&t);
}

// The headers of one request (null = header absent).
struct Headers {
    std::string user = "USERNAME", password = "PASSWORD", ip;
    bool with_ip = false;
    SOAP_ENV__Header header;
    void fill() {
        header.ns2__Username = &user;
        header.ns2__Password = &password;
        header.ns2__ClientIpAddress = with_ip ? &ip : nullptr;
    }
};

// encode_<Op>(soap, headers, request, out): one envelope into `out`.
#define GSOAP_ENCODE(OP)                                                                          \
    int encode_##OP(struct soap *soap, SOAP_ENV__Header *h, _ns2__##OP##Request *req, std::ostream &out) { \
        struct __tempuri__##OP tmp;                                                               \
        tmp.ns2__##OP##Request = req;                                                             \
        soap_begin(soap);                                                                         \
        soap->encodingStyle = NULL;                                                               \
        soap->header = h;                                                                         \
        soap_serializeheader(soap);                                                               \
        soap_serialize___tempuri__##OP(soap, &tmp);                                               \
        soap->os = &out;                                                                          \
        if (soap_begin_send(soap) || soap_envelope_begin_out(soap) || soap_putheader(soap) ||     \
            soap_body_begin_out(soap) ||                                                          \
            soap_put___tempuri__##OP(soap, &tmp, "-tempuri:" #OP, "") ||                          \
            soap_body_end_out(soap) || soap_envelope_end_out(soap) || soap_end_send(soap))        \
            return soap->error;                                                                   \
        soap->os = NULL;                                                                          \
        return SOAP_OK;                                                                           \
    }

// decode_<Op>(soap, in, resp): the generated soap_recv___tempuri__<Op>, from soap->is.
#define GSOAP_DECODE(OP)                                                                          \
    int decode_##OP(struct soap *soap, std::istream &in, _ns2__##OP##Response &resp) {             \
        in.clear();                                                                               \
        soap->is = &in;                                                                           \
        resp.soap_default(soap);                                                                  \
        if (soap_begin_recv(soap) || soap_envelope_begin_in(soap) || soap_recv_header(soap) ||    \
            soap_body_begin_in(soap))                                                             \
            return soap->error;                                                                   \
        resp.soap_get(soap, "ns2:" #OP "Response", NULL);                                         \
        if (soap->error) return soap->error;                                                      \
        if (soap_body_end_in(soap) || soap_envelope_end_in(soap) || soap_end_recv(soap))          \
            return soap->error;                                                                   \
        return SOAP_OK;                                                                           \
    }

GSOAP_ENCODE(CancelInvoice)
GSOAP_ENCODE(ReplaceInvoice)
GSOAP_ENCODE(PartCreditInvoice)
GSOAP_ENCODE(SendInvoice)
GSOAP_ENCODE(AdjustInvoice)
GSOAP_ENCODE(AddInvoice)
GSOAP_DECODE(CancelInvoice)
GSOAP_DECODE(ReplaceInvoice)
GSOAP_DECODE(PartCreditInvoice)
GSOAP_DECODE(SendInvoice)
GSOAP_DECODE(AdjustInvoice)
GSOAP_DECODE(GetReservations)

// Encodes once (checked, dumped), then times encoding.
template <class Req, class Enc>
void bench_encode(const char *op, Headers &h, Req *req, Enc enc) {
    struct soap *soap = soap_new();
    h.fill();
    std::ostringstream once;
    if (enc(soap, &h.header, req, once) != SOAP_OK) {
        soap_print_fault(soap, stderr);
        die(std::string(op) + ": encode failed");
    }
    std::string envelope = once.str();
    if (!dump_dir.empty()) {
        std::ofstream f(dump_dir + "/" + op + ".request.xml", std::ios::binary);
        f << envelope;
        if (!f) die("cannot write the dump of " + std::string(op));
    }
    auto r = measure([&] {
        std::ostringstream out;  // a new buffer per message
        enc(soap, &h.header, req, out);
    });
    report(op, "encode", r.first, envelope.size(), r.second);
    soap_destroy(soap);
    soap_end(soap);
    soap_free(soap);
}

// Decodes once (must succeed and pass `check`), then times decoding.
template <class Resp, class Dec, class Check>
void bench_decode(const char *op, const std::string &xml, Dec dec, Check check) {
    struct soap *soap = soap_new();
    MemBuf buf;
    std::istream in(&buf);
    Resp resp;
    buf.reset(xml);
    if (dec(soap, in, resp) != SOAP_OK || soap->error != SOAP_OK) {
        soap_print_fault(soap, stderr);
        die(std::string(op) + ": decode failed");
    }
    if (!check(resp)) die(std::string(op) + ": decoded values differ from the fixture");
    soap_destroy(soap);
    soap_end(soap);
    auto r = measure([&] {
        buf.reset(xml);
        dec(soap, in, resp);
        soap_destroy(soap);
        soap_end(soap);
    });
    report(op, "decode", r.first, xml.size(), r.second);
    soap_free(soap);
}

bool eq(const std::string *p, const char *v) { return p && *p == v; }

// Rows live in `store` (reserved up front, so the pointers stay valid).
ns2__InvoiceRow *row(std::vector<ns2__InvoiceRow> &store, const char *id, const char *description, int quantity,
                     std::string *unit, const std::string &price, const char *vat) {
    store.emplace_back();
    ns2__InvoiceRow *r = &store.back();
    r->ArticleId = id;
    r->Description = description;
    r->Quantity = quantity;
    r->QuantityUnit = unit;
    r->UnitPrice = price;
    r->VAT = vat;
    return r;
}

std::string money(long cents) {
    char s[32];
    std::snprintf(s, sizeof s, "%ld.%02ld", cents / 100, cents % 100);
    return s;
}

}  // namespace

int main(int argc, char **argv) {
    if (argc < 2) die("usage: gsoap_bench FIXTURES_DIR [--dump DIR]");
    std::string fixtures = argv[1];
    for (int i = 2; i < argc; i++)
        if (std::string(argv[i]) == "--dump" && i + 1 < argc) dump_dir = argv[++i];

    // Every object below lives until the end of main (built once, outside the timing).
    std::string pcs = "pcs";
    std::vector<ns2__InvoiceRow> row_store;
    row_store.reserve(603);

    // ----- CancelInvoice
    {
        Headers h;
        h.ip = "127.0.0.1";
        h.with_ip = true;
        _ns2__CancelInvoiceRequest req;
        req.CorrelationId = "CancelInvoiceV10";
        req.CountryCode = "SE";
        req.InvoiceNo = "62396765";
        req.StoreId = 1234;
        bench_encode("CancelInvoice", h, &req, encode_CancelInvoice);
        bench_decode<_ns2__CancelInvoiceResponse>(
            "CancelInvoice", read_file(fixtures + "/seed/CancelInvoice.response.xml"), decode_CancelInvoice,
            [](_ns2__CancelInvoiceResponse &r) { return eq(r.CorrelationId, "CancelInvoiceV10"); });
    }
    // ----- ReplaceInvoice (PurchaseClassification nil in the documented request: null here)
    {
        Headers h;
        ns2__ArrayOfInvoiceRow rows;
        rows.InvoiceRow.push_back(row(row_store, "Article 11", "Description 11", 11, &pcs, "11", "25"));
        _ns2__ReplaceInvoiceRequest req;
        req.CorrelationId = "ReplaceInvoiceV10";
        req.CountryCode = "SE";
        req.InvoiceNo = "62396765";
        req.InvoiceRows = &rows;
        req.PurchaseClassification = nullptr;
        req.StoreId = 1234;
        bench_encode("ReplaceInvoice", h, &req, encode_ReplaceInvoice);
        bench_decode<_ns2__ReplaceInvoiceResponse>(
            "ReplaceInvoice", read_file(fixtures + "/seed/ReplaceInvoice.response.xml"), decode_ReplaceInvoice,
            [](_ns2__ReplaceInvoiceResponse &r) {
                return eq(r.AvailableReservationAmount, "5659.00") && eq(r.CorrelationId, "ReplaceInvoiceV10") &&
                       r.InvoiceStatus == 1 && r.TotalAmount == "121";
            });
    }
    // ----- PartCreditInvoice
    {
        Headers h;
        h.ip = "123.456.789";
        h.with_ip = true;
        std::string article = "82493", price = "50", settlement = "111";
        int store = 1234;
        ns2__Article a;
        a.ArticleId = &article;
        a.Quantity = 11;
        a.UnitPrice = &price;
        ns2__ArrayOfArticle list;
        list.Article.push_back(&a);
        _ns2__PartCreditInvoiceRequest req;
        req.ArticleList = &list;
        req.CountryCode = "SE";
        req.CreditDate = "2020-04-20";
        req.InvoiceNo = "62396756";
        req.SettlementReference = &settlement;
        req.StoreId = &store;
        bench_encode("PartCreditInvoice", h, &req, encode_PartCreditInvoice);
        bench_decode<_ns2__PartCreditInvoiceResponse>(
            "PartCreditInvoice", read_file(fixtures + "/seed/PartCreditInvoice.response.xml"),
            decode_PartCreditInvoice, [](_ns2__PartCreditInvoiceResponse &r) { return r.CorrelationId == nullptr; });
    }
    // ----- SendInvoice
    {
        Headers h;
        _ns2__SendInvoiceRequest req;
        req.CorrelationId = "123";
        req.CountryCode = "SE";
        req.Email = "merchant@walley.se";
        req.InvoiceDeliveryMethod = ns2__InvoiceDeliveryMethod__2;
        req.InvoiceNo = "63062459";
        req.StoreId = 1234;
        bench_encode("SendInvoice", h, &req, encode_SendInvoice);
        bench_decode<_ns2__SendInvoiceResponse>(
            "SendInvoice", read_file(fixtures + "/seed/SendInvoice.response.xml"), decode_SendInvoice,
            [](_ns2__SendInvoiceResponse &r) {
                const std::string tail = "&language=sv-SE";
                return r.DueDate && *r.DueDate == utc(2020, 5, 10, 23, 59, 59) && r.InvoiceUrl &&
                       r.InvoiceUrl->size() > tail.size() &&
                       r.InvoiceUrl->compare(r.InvoiceUrl->size() - tail.size(), tail.size(), tail) == 0 &&
                       r.NewInvoiceNo == nullptr && eq(r.PaymentReference, "100002403531655") &&
                       eq(r.TotalAmount, "3510.00");
            });
    }
    // ----- AdjustInvoice (PurchaseClassification, SettlementReference nil: null here)
    {
        Headers h;
        std::string correlation = "AdjustInvoiceV10";
        int store = 1234;
        ns2__ArrayOfInvoiceRow rows;
        rows.InvoiceRow.push_back(row(row_store, "123456", "Article 123456", 10, &pcs, "100", "25"));
        rows.InvoiceRow.push_back(row(row_store, "123", "Discount on article 123456", 1, nullptr, "-100", "25"));
        _ns2__AdjustInvoiceRequest req;
        req.CorrelationId = &correlation;
        req.CountryCode = "SE";
        req.InvoiceNo = "62366754";
        req.InvoiceRows = &rows;
        req.StoreId = &store;
        bench_encode("AdjustInvoice", h, &req, encode_AdjustInvoice);
        bench_decode<_ns2__AdjustInvoiceResponse>(
            "AdjustInvoice", read_file(fixtures + "/seed/AdjustInvoice.response.xml"), decode_AdjustInvoice,
            [](_ns2__AdjustInvoiceResponse &r) { return eq(r.CorrelationId, "AdjustInvoiceV10"); });
    }
    // ----- Bulk: AddInvoice with 600 rows (tests/fixtures/bulk/generate.py, invoice_row)
    {
        Headers h;
        h.ip = "127.0.0.1";
        h.with_ip = true;
        std::string correlation = "bulk-600", order_no = "ORDER-1001";
        std::string a1 = "Gatan 1", city = "Stockholm", cc = "SE", email = "customer@example.com",
                    first = "Test", last = "Customer", postal = "11122";
        ns2__Address address;
        address.Address1 = &a1;
        address.City = &city;
        address.CountryCode = &cc;
        address.Email = &email;
        address.Firstname = &first;
        address.Lastname = &last;
        address.PostalCode = &postal;
        int store = 1234;
        static const char *vat[] = {"25", "12", "6"};
        ns2__ArrayOfInvoiceRow rows;
        for (int i = 1; i <= 600; i++) {
            char id[16], description[64];
            std::snprintf(id, sizeof id, "ART-%05d", i);
            std::snprintf(description, sizeof description, "Article %d of the bulk invoice", i);
            rows.InvoiceRow.push_back(row(row_store, id, description, 1 + (i * 7) % 20, nullptr,
                                          money(100 + (i * 1999L) % 100000), vat[i % 3]));
        }
        _ns2__AddInvoiceRequest req;
        req.ActivationOption = ns2__ActivationOption__0;
        req.CorrelationId = &correlation;
        req.CountryCode = "SE";
        req.Currency = "SEK";
        req.DeliveryAddress = &address;
        req.InvoiceAddress = &address;
        req.InvoiceDeliveryMethod = ns2__InvoiceDeliveryMethod__2;
        req.InvoiceRows = &rows;
        req.InvoiceType = ns2__InvoiceType__0;
        req.OrderDate = utc(2024, 5, 1, 12, 0, 0);
        req.OrderNo = &order_no;
        req.RegNo = "197001011234";
        req.StoreId = &store;
        bench_encode("AddInvoice", h, &req, encode_AddInvoice);
    }
    // ----- Bulk: GetReservations with 500 reservations (generate.py, reservation)
    bench_decode<_ns2__GetReservationsResponse>(
        "GetReservations", read_file(fixtures + "/bulk/GetReservations.response.xml"), decode_GetReservations,
        [](_ns2__GetReservationsResponse &r) {
            if (!r.Reservations || r.Reservations->Reservation.size() != 500) return false;
            ns2__Reservation *first = r.Reservations->Reservation.front();
            ns2__Reservation *last = r.Reservations->Reservation.back();
            return eq(first->AvailableReservationAmount, "1234.57") && eq(first->CustomerStatus, "") &&
                   first->PendingUntil &&
                   *first->PendingUntil == utc(2026, 12, 2, 23, 59, 59) &&
                   eq(last->AvailableReservationAmount, "17285.00") && eq(last->CustomerName, "Customer 500") &&
                   eq(last->CustomerStatus, "BLOCKED") && last->PendingUntil == nullptr;
        });
    return 0;
}
