-- wrk script of scripts/bench-simulator.sh: alternates AddInvoice and GetInvoiceInformation
-- (one of each per two requests, on every connection of every thread).
--
-- Environment: BENCH_DIR (this folder: AddInvoice.xml, GetInvoiceInformation.xml),
-- INVOICE_NO (an invoice that exists, for GetInvoiceInformation), SERVICE_PATH,
-- BENCH_SUMMARY (a file the summary line is appended to).

local dir = os.getenv("BENCH_DIR")
local path = os.getenv("SERVICE_PATH") or "/PaymentServiceV10.svc"
local action = "http://schemas.ecommerce.collector.se/v30/PaymentService/IPaymentServiceV10/"

local function read(name)
  local f = assert(io.open(dir .. "/" .. name, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

local add_body = read("AddInvoice.xml")
local info_body = read("GetInvoiceInformation.xml"):gsub("@INVOICE_NO@", os.getenv("INVOICE_NO"))

local function post(op, body)
  return wrk.format("POST", path, {
    ["Content-Type"] = "text/xml; charset=utf-8",
    ["SOAPAction"] = '"' .. action .. op .. '"',
  }, body)
end

local requests = nil
local n = 0

function init(args)
  requests = { post("AddInvoice", add_body), post("GetInvoiceInformation", info_body) }
end

function request()
  n = n + 1
  return requests[(n % 2) + 1]
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non2xx = summary.errors.status
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local line = string.format(
    "requests=%d seconds=%.2f calls_per_s=%.0f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d non2xx_fraction=%.6f socket_errors=%d",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non2xx, non2xx / math.max(summary.requests, 1), socket)
  print(line)
  local out = os.getenv("BENCH_SUMMARY")
  if out then
    local f = io.open(out, "a")
    if f then f:write(line .. "\n") f:close() end
  end
end
