#!/usr/bin/env python3
"""An independent SOAP client (zeep) against the payment-service simulator.

    python scripts/zeep_conformance.py --endpoint http://127.0.0.1:PORT/PaymentServiceV10.svc \
        [--wsdl-dir wsdl] [--username U --password P]

zeep reads wsdl/PaymentServiceV10.wsdl from the local files: a Transport maps the WCF-style
imports (`...svc?wsdl=wsdl0`, `...svc?xsd=xsd0`) to PaymentServiceV10.wsdl0.wsdl and
PaymentServiceV10.xsd0.xsd, and refuses every other URL, so nothing is fetched from the
network. The service is bound to the simulator's address, the Username/Password headers (and
ClientIpAddress where the binding declares it) go in `_soapheaders`, and every operation is
called: the invoices come from AddInvoice, the five documented (seed) operations and the other
fourteen must succeed with the expected values (the checkout operations with the simulator's test
persons), and faults must arrive as zeep.exceptions.Fault with the service's code. zeep serialises requests from the schema and parses responses strictly, so
this checks our server's decoding of another stack's envelopes and its responses against the
WSDL as zeep understands it.

Prints one line per check and finally `zeep-conformance: N passed, M failed`; exits 1 if any
check failed.
"""

import argparse
import datetime
import os
import sys
import traceback
from decimal import Decimal

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.plugins import HistoryPlugin
from zeep.transports import Transport

BINDING = "{http://tempuri.org/}BasicHttpBinding_IPaymentServiceV10"
OPERATIONS = [
    "AddInvoice", "CancelInvoice", "ActivateInvoice", "PartActivateInvoice", "CreditInvoice",
    "PartCreditInvoice", "AdjustInvoice", "ExtendDueDate", "ReplaceInvoice", "SendInvoice",
    "GetInvoiceInformation", "SetOrderNumber", "GetAddress", "GetProducts", "CreateAccount",
    "SetReservation", "ActivateReservation", "GetReservations", "CancelReservation",
]
# The simulator's test persons (README, payment_service::simulator::persons).
APPROVED, LOW_LIMIT, CREDIT_DENIED = "195001182046", "196408233234", "197011193187"
BLOCKED, HOUSEHOLD, NO_ADDRESS, SERVICE_ERROR = "198203124410", "199002285675", "197505056734", "198811117848"
COMPANY = "5560000001"
STORE_ID = 1234


class LocalTransport(Transport):
    """Serves the WSDL set from a directory; refuses anything else."""

    FILES = {
        "?wsdl=wsdl0": "PaymentServiceV10.wsdl0.wsdl",
        "?xsd=xsd0": "PaymentServiceV10.xsd0.xsd",
    }

    def __init__(self, wsdl_dir):
        super().__init__()
        self.wsdl_dir = os.path.abspath(wsdl_dir)
        self.loaded = []

    def load(self, url):
        for suffix, name in self.FILES.items():
            if url.lower().endswith(suffix):
                self.loaded.append(name)
                with open(os.path.join(self.wsdl_dir, name), "rb") as f:
                    return f.read()
        path = os.path.abspath(url)
        if "://" not in url and os.path.dirname(path) == self.wsdl_dir:
            self.loaded.append(os.path.basename(path))
            with open(path, "rb") as f:
                return f.read()
        raise RuntimeError("LocalTransport: refusing to load %s" % url)


class Checks:
    def __init__(self, history):
        self.passed = 0
        self.failed = 0
        self.history = history

    def run(self, name, fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - every failure is reported and counted
            self.failed += 1
            print("FAIL  %s: %s: %s" % (name, type(e).__name__, e))
            traceback.print_exc(limit=3, file=sys.stdout)
            for what in ("last_sent", "last_received"):
                envelope = (getattr(self.history, what) or {}).get("envelope")
                if envelope is not None:
                    print("      %s: %s" % (what, etree.tostring(envelope).decode()[:3000]))
        else:
            self.passed += 1
            print("PASS  %s" % name)


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def expect_fault(call, code):
    try:
        result = call()
    except Fault as f:
        expect(code in str(f.code), "fault code %r does not contain %s (message %r)" % (f.code, code, f.message))
        expect(f.message, "fault without a message")
        return f
    raise AssertionError("expected a %s fault, got %r" % (code, result))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoint", required=True, help="the simulator's service URL")
    parser.add_argument("--wsdl-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "wsdl"))
    parser.add_argument("--username", default="USERNAME")
    parser.add_argument("--password", default="PASSWORD")
    args = parser.parse_args()

    history = HistoryPlugin()
    transport = LocalTransport(args.wsdl_dir)
    client = Client(os.path.join(transport.wsdl_dir, "PaymentServiceV10.wsdl"), transport=transport, plugins=[history])
    service = client.create_service(BINDING, args.endpoint)
    checks = Checks(history)

    auth = {"Username": args.username, "Password": args.password}
    auth_ip = dict(auth, ClientIpAddress="127.0.0.1")

    def row(article, quantity, price, vat="25"):
        return {"ArticleId": article, "Description": "Article %s" % article, "Quantity": quantity,
                "UnitPrice": Decimal(price), "VAT": Decimal(vat)}

    def add_invoice(rows, activation=0, correlation="z-add"):
        return service.AddInvoice(
            ActivationOption=activation, CorrelationId=correlation, CountryCode="SE", Currency="SEK",
            DeliveryAddress={}, InvoiceAddress={"Firstname": "Zeep", "Lastname": "Kund", "Email": "kund@example.com"},
            InvoiceDeliveryMethod=1, InvoiceRows={"InvoiceRow": rows}, InvoiceType=0,
            OrderDate=datetime.datetime(2024, 5, 1, 12, 0, 0), OrderNo="Z-1", RegNo="197001011234",
            StoreId=STORE_ID, _soapheaders=auth_ip)

    def activate(no):
        return service.ActivateInvoice(CorrelationId="z-act", CountryCode="SE", InvoiceNo=no, StoreId=STORE_ID,
                                       _soapheaders=auth)

    def status(no):
        r = service.GetInvoiceInformation(CorrelationId="z-info", CountryCode="SE", InvoiceNo=no, StoreId=STORE_ID,
                                          _soapheaders=auth)
        return r.Status

    state = {}

    def wsdl_is_local_and_complete():
        expect(sorted(set(transport.loaded)) == sorted(
            ["PaymentServiceV10.wsdl", "PaymentServiceV10.wsdl0.wsdl", "PaymentServiceV10.xsd0.xsd"]),
            "loaded %r" % transport.loaded)
        binding = client.wsdl.bindings[BINDING]
        expect(sorted(binding._operations) == sorted(OPERATIONS), "operations %r" % sorted(binding._operations))

    def served_wsdl_points_at_the_simulator():
        # The simulator's own GET ?wsdl, with its imports rewritten to itself.
        served = Client(args.endpoint + "?wsdl")
        ports = [p for s in served.wsdl.services.values() for p in s.ports.values()]
        expect(ports and all(p.binding_options["address"] == args.endpoint for p in ports),
               "addresses %r" % [p.binding_options.get("address") for p in ports])
        expect(sorted(served.wsdl.bindings[BINDING]._operations) == sorted(OPERATIONS), "served operations")

    def add_invoices():
        r = add_invoice([row("A", 2, "50.00"), row("B", 1, "25.00")])
        expect(r.InvoiceStatus == 1, "InvoiceStatus %r" % r.InvoiceStatus)
        expect(r.TotalAmount == Decimal("125.00"), "TotalAmount %r" % r.TotalAmount)
        expect(r.CorrelationId == "z-add", "CorrelationId %r" % r.CorrelationId)
        expect(r.InvoiceNo.isdigit(), "InvoiceNo %r" % r.InvoiceNo)
        expect(r.DueDate is None and r.InvoiceUrl is None, "a pending invoice has no due date or URL: %r" % r)
        numbers = [r.InvoiceNo] + [add_invoice([row("A", 2, "50.00"), row("B", 1, "25.00")]).InvoiceNo for _ in range(6)]
        expect(len(set(numbers)) == len(numbers), "invoice numbers repeat: %r" % numbers)
        (state["cancel"], state["replace"], state["part_credit"], state["send"], state["adjust"],
         state["credit"], state["part_activate"]) = numbers
        auto = add_invoice([row("A", 1, "10.00")], activation=1)
        expect(auto.InvoiceStatus == 3 and isinstance(auto.DueDate, datetime.datetime), "auto activation: %r" % auto)
        state["extend"] = auto.InvoiceNo

    def add_invoice_needs_the_client_ip():
        expect_fault(lambda: service.AddInvoice(
            ActivationOption=0, CountryCode="SE", Currency="SEK", DeliveryAddress={}, InvoiceAddress={},
            InvoiceDeliveryMethod=1, InvoiceRows={"InvoiceRow": [row("A", 1, "1")]}, InvoiceType=0,
            OrderDate=datetime.datetime(2024, 5, 1), RegNo="1", _soapheaders=auth), "CLIENT_IP_ADDRESS_REQUIRED")

    def cancel_invoice():
        r = service.CancelInvoice(CorrelationId="z-cancel", CountryCode="SE", InvoiceNo=state["cancel"],
                                  StoreId=STORE_ID, _soapheaders=auth_ip)
        expect(r == "z-cancel", "CorrelationId %r" % r)
        expect(status(state["cancel"]) == 2, "status after cancel")

    def replace_invoice():
        r = service.ReplaceInvoice(CorrelationId="z-replace", CountryCode="SE", InvoiceNo=state["replace"],
                                   InvoiceRows={"InvoiceRow": [row("C", 3, "10.50"), row("D", 1, "0.01", "12")]},
                                   PurchaseClassification=None, StoreId=STORE_ID, _soapheaders=auth)
        expect(r.CorrelationId == "z-replace", "CorrelationId %r" % r.CorrelationId)
        expect(r.InvoiceStatus == 1, "InvoiceStatus %r" % r.InvoiceStatus)
        expect(r.TotalAmount == Decimal("31.51"), "TotalAmount %r" % r.TotalAmount)

    def activate_invoices():
        for key in ("part_credit", "send", "adjust", "credit"):
            r = activate(state[key])
            expect(r.TotalAmount == Decimal("125.00") and r.LowestAmountToPay == Decimal("125.00"), "amounts %r" % r)
            expect(isinstance(r.DueDate, datetime.datetime), "DueDate %r" % r.DueDate)
            expect(state[key] in r.InvoiceUrl and r.PaymentReference, "URL/reference %r" % r)
            expect(status(state[key]) == 3, "status after activation")

    def part_credit_invoice():
        r = service.PartCreditInvoice(ArticleList={"Article": [{"ArticleId": "A", "Quantity": 1}]},
                                      CorrelationId="z-partcredit", CountryCode="SE", CreditDate="2024-05-02",
                                      InvoiceNo=state["part_credit"], SettlementReference=None, StoreId=STORE_ID,
                                      _soapheaders=auth_ip)
        expect(r == "z-partcredit", "CorrelationId %r" % r)
        expect_fault(lambda: service.PartCreditInvoice(
            ArticleList={"Article": [{"ArticleId": "A", "Quantity": 2}]}, CountryCode="SE",
            CreditDate=datetime.datetime(2024, 5, 2, 10, 0), InvoiceNo=state["part_credit"],
            SettlementReference=None, StoreId=STORE_ID, _soapheaders=auth_ip), "INVALID_QUANTITY")

    def send_invoice():
        r = service.SendInvoice(CorrelationId="z-send", CountryCode="SE", Email="kund@example.com",
                                InvoiceDeliveryMethod=1, InvoiceNo=state["send"], StoreId=STORE_ID,
                                _soapheaders=auth)
        expect(r.CorrelationId == "z-send", "CorrelationId %r" % r.CorrelationId)
        expect(r.TotalAmount == Decimal("125.00"), "TotalAmount %r" % r.TotalAmount)
        expect(state["send"] in r.InvoiceUrl, "InvoiceUrl %r" % r.InvoiceUrl)
        expect(r.PaymentReference == "1000" + state["send"], "PaymentReference %r" % r.PaymentReference)
        expect(r.NewInvoiceNo is None, "NewInvoiceNo %r" % r.NewInvoiceNo)

    def adjust_invoice():
        r = service.AdjustInvoice(CorrelationId="z-adjust", CountryCode="SE", InvoiceNo=state["adjust"],
                                  InvoiceRows={"InvoiceRow": [row("ADJ", 1, "-20.00")]},
                                  PurchaseClassification=None, SettlementReference=None, StoreId=STORE_ID,
                                  _soapheaders=auth)
        expect(r == "z-adjust", "CorrelationId %r" % r)
        expect_fault(lambda: service.AdjustInvoice(
            CorrelationId="z-adjust", CountryCode="SE", InvoiceNo=state["adjust"],
            InvoiceRows={"InvoiceRow": [row("ADJ", 1, "-999999.99")]}, PurchaseClassification=None,
            SettlementReference=None, StoreId=STORE_ID, _soapheaders=auth), "INVALID_TRANSACTION_AMOUNT")

    def other_operations():
        r = service.PartActivateInvoice(ArticleList={"Article": [{"ArticleId": "A", "Quantity": 1}]},
                                        CorrelationId="z-pa", CountryCode="SE", InvoiceNo=state["part_activate"],
                                        StoreId=STORE_ID, _soapheaders=auth)
        expect(r.TotalAmount == Decimal("50.00") and r.NewInvoiceNo, "PartActivateInvoice %r" % r)
        expect(status(r.NewInvoiceNo) == 1, "the rest is pending")
        r = service.CreditInvoice(CorrelationId="z-credit", CountryCode="SE", CreditDate="2024-05-03",
                                  InvoiceNo=state["credit"], SettlementReference=None, StoreId=STORE_ID,
                                  _soapheaders=auth_ip)
        expect(r == "z-credit", "CreditInvoice %r" % r)
        r = service.ExtendDueDate(CorrelationId="z-ext", CountryCode="SE", InvoiceNo=state["extend"],
                                  StoreId=STORE_ID, _soapheaders=auth)
        expect(r.CorrelationId == "z-ext" and isinstance(r.DueDate, datetime.datetime), "ExtendDueDate %r" % r)
        no = add_invoice([row("A", 1, "10.00")]).InvoiceNo
        r = service.SetOrderNumber(CorrelationId="z-order", CountryCode="SE", InvoiceNo=no, NewOrderNumber="Z-2",
                                   StoreId=STORE_ID, _soapheaders=auth)
        expect(r == "z-order", "SetOrderNumber %r" % r)
        r = service.GetInvoiceInformation(CorrelationId="z-info", CountryCode="SE", InvoiceNo=no,
                                          StoreId=STORE_ID, _soapheaders=auth)
        expect(r.CorrelationId == "z-info" and r.Status == 1, "GetInvoiceInformation %r" % r)

    def faults():
        expect_fault(lambda: service.CancelInvoice(CorrelationId="z", CountryCode="SE", InvoiceNo="99999999",
                                                   StoreId=STORE_ID, _soapheaders=auth), "INVOICE_NOT_FOUND")
        expect_fault(lambda: service.CancelInvoice(CorrelationId="z", CountryCode="SE", InvoiceNo=state["send"],
                                                   StoreId=STORE_ID, _soapheaders=auth), "INVALID_INVOICE_STATUS")
        expect(status(state["send"]) == 3, "the activated invoice stays activated")
        wrong = {"Username": args.username, "Password": args.password + "-wrong"}
        expect_fault(lambda: service.GetInvoiceInformation(CorrelationId="z", CountryCode="SE",
                                                           InvoiceNo=state["send"], StoreId=STORE_ID,
                                                           _soapheaders=wrong), "AUTHORIZATION_FAILED")

    def utc_today():
        return datetime.datetime.now(datetime.timezone.utc).date()

    def due_in(value, days):
        # The simulator's today is the UTC date when it answered (maybe a day before ours).
        expect(isinstance(value, datetime.datetime), "not a dateTime: %r" % value)
        expect(value.date() in (utc_today() + datetime.timedelta(days=days),
                                utc_today() + datetime.timedelta(days=days - 1)),
               "%r is not today + %d days" % (value, days))

    def get_address():
        r = service.GetAddress(CorrelationId="z-addr", CountryCode="SE", RegNo=APPROVED, StoreId=STORE_ID,
                               _soapheaders=auth_ip)
        expect(r.CorrelationId == "z-addr" and r.RegNo == APPROVED, "GetAddress %r" % r)
        expect((r.Firstname, r.Lastname) == ("Sven", "Svensson"), "name %r" % r)
        addresses = r.Addresses.BaseAddress
        expect(len(addresses) == 2, "addresses %r" % addresses)
        expect((addresses[0].Address1, addresses[0].PostalCode, addresses[0].City, addresses[0].CountryCode)
               == ("Storgatan 1", "11122", "Stockholm", "SE"), "first address %r" % addresses[0])
        expect(addresses[1].COAddress == "Anna Svensson", "c/o %r" % addresses[1])

    def get_address_faults():
        call = lambda reg_no, country="SE", headers=auth_ip: service.GetAddress(
            CorrelationId="z", CountryCode=country, RegNo=reg_no, StoreId=STORE_ID, _soapheaders=headers)
        expect_fault(lambda: call("19500118"), "INVALID_REGISTRATION_NUMBER")
        expect_fault(lambda: call("197001011234"), "ADDRESS_NOT_FOUND")
        expect_fault(lambda: call(NO_ADDRESS), "ADDRESS_NOT_FOUND")
        expect_fault(lambda: call(APPROVED, "NO"), "INVALID_COUNTRYCODE")
        expect_fault(lambda: call(APPROVED, headers=auth), "CLIENT_IP_ADDRESS_REQUIRED")

    def get_products():
        r = service.GetProducts(Amount=Decimal("12000.00"), CorrelationId="z-prod", CountryCode="SE",
                                StoreId=STORE_ID, _soapheaders=auth)
        expect(r.CorrelationId == "z-prod", "CorrelationId %r" % r.CorrelationId)
        products = {p.ProductCode: p for p in r.Products.Product}
        expect(sorted(products) == ["ACCOUNT", "ANNUITY24", "FREE3", "INVOICE", "PARTPAY12"], "codes %r" % sorted(products))
        part = products["PARTPAY12"].PurchasePreview.PurchasePreview[0]
        expect(products["PARTPAY12"].InvoiceType == 2, "InvoiceType %r" % products["PARTPAY12"].InvoiceType)
        expect((part.CreditTime, part.YearlyInterestRate, part.OriginationFee, part.LowestAmountToPay)
               == (12, Decimal("9.95"), Decimal("195.00"), Decimal("1128.50")), "PARTPAY12 %r" % part)
        expect(part.MonthlyAmount is None, "MonthlyAmount %r" % part.MonthlyAmount)
        due_in(part.DueDate, 30)
        annuity = products["ANNUITY24"].PurchasePreview.PurchasePreview[0]
        expect(annuity.MonthlyAmount == Decimal("610.55") and annuity.CreditTime is None, "ANNUITY24 %r" % annuity)
        free = products["FREE3"].PurchasePreview.PurchasePreview[0]
        expect(free.IsAllowedToSendNotificationByMail is False and free.IsAllowedToSendNotificationByEmail is True,
               "FREE3 flags %r" % free)
        due_in(free.DueDate, 90)
        r = service.GetProducts(Amount=None, CorrelationId=None, CountryCode="FI", StoreId=None, _soapheaders=auth)
        expect(len(r.Products.Product) == 5 and all(p.PurchasePreview is None or not p.PurchasePreview.PurchasePreview
                                                    for p in r.Products.Product), "without Amount %r" % r)
        expect_fault(lambda: service.GetProducts(Amount=Decimal("0"), CorrelationId=None, CountryCode="SE",
                                                 StoreId=None, _soapheaders=auth), "VALIDATION_AMOUNT_RANGE")
        expect_fault(lambda: service.GetProducts(Amount=Decimal("10"), CorrelationId=None, CountryCode="DE",
                                                 StoreId=None, _soapheaders=auth), "INVALID_COUNTRYCODE")

    def create_account():
        call = lambda reg_no, integration_id=None: service.CreateAccount(
            CorrelationId="z-acc", CountryCode="SE", IntegrationId=integration_id, RegNo=reg_no, StoreId=STORE_ID,
            _soapheaders=auth)
        r = call(APPROVED, "zeep-crm-1")
        expect(r.CorrelationId == "z-acc" and len(r.PaymentReference) == 10, "CreateAccount %r" % r)
        expect(call(None, "zeep-crm-1").PaymentReference == r.PaymentReference, "the same account by IntegrationId")
        expect_fault(lambda: call(None), "VALIDATION_REGISTRATION_NUMBER_REQUIRED")
        expect_fault(lambda: call(None, "nobody"), "ACCOUNT_NOT_FOUND")
        expect_fault(lambda: call("1"), "INVALID_REGISTRATION_NUMBER")
        expect_fault(lambda: call(BLOCKED), "DENIED_TO_PURCHASE")

    def reserve(reg_no, amount, signatory=None, currency="SEK", country="SE", headers=None):
        return service.SetReservation(
            CompanyEmailAuthorizedSignatory=None, CompanyPersonalGuarantee=None,
            CompanyRegNoAuthorizedSignatory=signatory, CorrelationId="z-set", CountryCode=country, Currency=currency,
            RegNo=reg_no, ReservedAmount=Decimal(amount), StoreId=STORE_ID, _soapheaders=headers or auth_ip)

    def reservations():
        expect(reserve(APPROVED, "10000.00") == "z-set", "SetReservation answers its CorrelationId")
        who = dict(CountryCode="SE", IntegrationId=None, RegNo=APPROVED, StoreId=STORE_ID, _soapheaders=auth)
        r = service.GetReservations(CorrelationId="z-get", **who)
        [pending] = r.Reservations.Reservation
        expect(pending.AvailableReservationAmount == Decimal("10000.00") and pending.CustomerName == "Sven Svensson",
               "pending %r" % pending)
        due_in(pending.PendingUntil, 14)
        r = service.ActivateReservation(CorrelationId="z-act", **who)
        expect(r.CorrelationId == "z-act", "ActivateReservation %r" % r)
        due_in(r.ValidUntil, 365)
        added = service.AddInvoice(
            ActivationOption=0, CorrelationId="z-res", CountryCode="SE", Currency="SEK", DeliveryAddress={},
            InvoiceAddress={"Firstname": "Sven", "Lastname": "Svensson"}, InvoiceDeliveryMethod=1,
            InvoiceRows={"InvoiceRow": [row("R", 4, "1000.00")]}, InvoiceType=0,
            OrderDate=datetime.datetime(2024, 5, 1), RegNo=APPROVED, StoreId=STORE_ID, _soapheaders=auth_ip)
        expect(added.AvailableReservationAmount == Decimal("6000.00"), "drawn: %r" % added)
        [active] = service.GetReservations(CorrelationId="z-get", **who).Reservations.Reservation
        expect(active.AvailableReservationAmount == Decimal("6000.00") and active.PendingUntil is None,
               "active %r" % active)
        expect_fault(lambda: service.AddInvoice(
            ActivationOption=0, CountryCode="SE", Currency="SEK", DeliveryAddress={}, InvoiceAddress={},
            InvoiceDeliveryMethod=1, InvoiceRows={"InvoiceRow": [row("R", 7, "1000.00")]}, InvoiceType=0,
            OrderDate=datetime.datetime(2024, 5, 1), RegNo=APPROVED, StoreId=STORE_ID, _soapheaders=auth_ip),
            "INVOICE_EXCEEDS_AVAILABLE_RESERVATION")
        expect(service.CancelReservation(CorrelationId="z-cancel-res", **who) == "z-cancel-res", "CancelReservation")
        expect_fault(lambda: service.CancelReservation(CorrelationId="z", **who), "RESERVATION_NOT_FOUND")
        expect_fault(lambda: service.ActivateReservation(CorrelationId="z", **who), "RESERVATION_NOT_FOUND")
        expect_fault(lambda: service.GetReservations(CorrelationId="z", **who), "RESERVATION_NOT_FOUND")

    def reservation_faults():
        expect_fault(lambda: reserve(CREDIT_DENIED, "100"), "RESERVATION_NOT_APPROVED")
        expect_fault(lambda: reserve(LOW_LIMIT, "1000.01"), "RESERVATION_NOT_APPROVED")
        expect_fault(lambda: reserve(APPROVED, "0"), "VALIDATION_RESERVED_AMOUNT_RANGE")
        expect_fault(lambda: reserve(APPROVED, "100", currency="EUR"), "INVALID_CURRENCY_CODE")
        expect_fault(lambda: reserve(APPROVED, "100", country="DE", currency="EUR"), "INVALID_COUNTRYCODE")
        expect_fault(lambda: reserve(COMPANY, "100"), "AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_REQUIRED")
        expect_fault(lambda: reserve(COMPANY, "100", "5566778899"), "AUTHORIZED_SIGNATORY_REGISTRATION_NUMBER_NOT_VALID")
        expect_fault(lambda: reserve(COMPANY, "100", LOW_LIMIT), "AUTHORIZED_SIGNATORY_NOT_VERIFIABLE")
        expect_fault(lambda: reserve(APPROVED, "100", headers=auth), "CLIENT_IP_ADDRESS_REQUIRED")
        expect(reserve(COMPANY, "100", APPROVED) == "z-set", "the company with its signatory")

    def test_persons_refuse_purchases():
        def buy(reg_no, price="100.00", first=None, last=None, product=None):
            return service.AddInvoice(
                ActivationOption=0, CountryCode="SE", Currency="SEK", DeliveryAddress={},
                InvoiceAddress={"Firstname": first, "Lastname": last}, InvoiceDeliveryMethod=1,
                InvoiceRows={"InvoiceRow": [row("P", 1, price)]}, InvoiceType=0, ProductCode=product,
                OrderDate=datetime.datetime(2024, 5, 1), RegNo=reg_no, StoreId=STORE_ID, _soapheaders=auth_ip)
        for reg_no, code in [(CREDIT_DENIED, "CREDIT_CHECK_DENIED"), (BLOCKED, "DENIED_TO_PURCHASE"),
                             (HOUSEHOLD, "DENIED_TO_PURCHASE_HHCPN"), (NO_ADDRESS, "ADDRESS_NOT_FOUND"),
                             (SERVICE_ERROR, "UNHANDLED_EXCEPTION"), ("19700101", "INVALID_REGISTRATION_NUMBER")]:
            f = expect_fault(lambda: buy(reg_no), code)
            expect(code in f.code, "%s: %r" % (reg_no, f.code))
        expect_fault(lambda: buy(LOW_LIMIT, "1000.01"), "PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT")
        expect_fault(lambda: buy(APPROVED, first="Olle"), "AGREEMENT_RULES_VALIDATION_FAILED")
        expect_fault(lambda: buy(APPROVED, product="NOSUCH"), "INVALID_PRODUCT_CODE")
        expect(buy(LOW_LIMIT, "1000.00").InvoiceStatus == 1, "approved at the limit")
        expect(buy(APPROVED, first="Sven", last="Svensson", product="INVOICE").InvoiceStatus == 1, "registered name")

    checks.run("the WSDL set is read from local files and binds 19 operations", wsdl_is_local_and_complete)
    checks.run("the simulator's GET ?wsdl loads in zeep and points at the simulator", served_wsdl_points_at_the_simulator)
    checks.run("AddInvoice creates pending and auto-activated invoices", add_invoices)
    checks.run("AddInvoice without the ClientIpAddress header is a fault", add_invoice_needs_the_client_ip)
    checks.run("CancelInvoice (seed) cancels a pending invoice", cancel_invoice)
    checks.run("ReplaceInvoice (seed) replaces the rows", replace_invoice)
    checks.run("ActivateInvoice activates", activate_invoices)
    checks.run("PartCreditInvoice (seed) credits a row; over-crediting is a fault", part_credit_invoice)
    checks.run("SendInvoice (seed) resends an activated invoice", send_invoice)
    checks.run("AdjustInvoice (seed) adds a row; going below zero is a fault", adjust_invoice)
    checks.run("PartActivate, Credit, ExtendDueDate, SetOrderNumber, GetInvoiceInformation", other_operations)
    checks.run("faults: INVOICE_NOT_FOUND, INVALID_INVOICE_STATUS, AUTHORIZATION_FAILED", faults)
    checks.run("GetAddress returns the test person's registered addresses", get_address)
    checks.run("GetAddress faults: INVALID_REGISTRATION_NUMBER, ADDRESS_NOT_FOUND, INVALID_COUNTRYCODE, no ClientIpAddress",
               get_address_faults)
    checks.run("GetProducts previews; VALIDATION_AMOUNT_RANGE, INVALID_COUNTRYCODE", get_products)
    checks.run("CreateAccount references; VALIDATION_REGISTRATION_NUMBER_REQUIRED, ACCOUNT_NOT_FOUND, "
               "INVALID_REGISTRATION_NUMBER, DENIED_TO_PURCHASE", create_account)
    checks.run("Set/Activate/Get/CancelReservation, AddInvoice draws on it; INVOICE_EXCEEDS_AVAILABLE_RESERVATION, "
               "RESERVATION_NOT_FOUND", reservations)
    checks.run("SetReservation faults: RESERVATION_NOT_APPROVED, VALIDATION_RESERVED_AMOUNT_RANGE, AUTHORIZED_SIGNATORY_*, "
               "INVALID_CURRENCY_CODE, INVALID_COUNTRYCODE, no ClientIpAddress", reservation_faults)
    checks.run("AddInvoice test persons: CREDIT_CHECK_DENIED, DENIED_TO_PURCHASE(_HHCPN), ADDRESS_NOT_FOUND, "
               "UNHANDLED_EXCEPTION, INVALID_REGISTRATION_NUMBER, PURCHASE_AMOUNT_GREATER_THAN_MAX_CREDIT_AMOUNT, "
               "AGREEMENT_RULES_VALIDATION_FAILED, INVALID_PRODUCT_CODE", test_persons_refuse_purchases)

    print("zeep-conformance: %d passed, %d failed" % (checks.passed, checks.failed))
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
