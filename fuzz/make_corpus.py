#!/usr/bin/env python3
"""Writes the seed corpus of every fuzz target into fuzz/corpus/<target>/.

Seeds named valid-* must be accepted by the target's entry function, forged-* and malformed-*
refused (core/tests/fuzz_corpus.rs checks both on stable Rust). The Midtrans seeds are signed
with the entry's key, the Xendit seeds carry its token on their first line, and the slot
seeds follow the byte layout of `Reader` in core/tests/support/fuzz_entries.rs.
"""
import datetime, hashlib, json, os, struct

HERE = os.path.dirname(os.path.abspath(__file__))
MIDTRANS_KEY = "SB-Mid-server-fuzz"
XENDIT_TOKEN = "xnd-fuzz-callback-token"
ORDER = "01a23c0a-4b7b-729b-a5fe-52c243ab5b02"


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def sign(order, code, gross, key=MIDTRANS_KEY):
    return hashlib.sha512((order + code + gross + key).encode()).hexdigest()


def midtrans(status, code="200", gross="150000.00", fraud=None, sig=None, **extra):
    body = {
        "transaction_time": "2026-11-25 08:00:00",
        "transaction_status": status,
        "transaction_id": "b7c3f1a2-4d5e-4f60-8a9b-0c1d2e3f4a5b",
        "status_message": "midtrans payment notification",
        "status_code": code,
        "signature_key": sign(ORDER, code, gross) if sig is None else sig,
        "payment_type": "bank_transfer",
        "order_id": ORDER,
        "merchant_id": "G123456789",
        "gross_amount": gross,
        "currency": "IDR",
        "va_numbers": [{"va_number": "12345678901", "bank": "bca"}],
    }
    if fraud:
        body["fraud_status"] = fraud
    if status == "settlement":
        body["settlement_time"] = "2026-11-25 08:01:00"
    body.update(extra)
    return json.dumps(body, indent=1)


m = "midtrans"
write(m, "valid-settlement.json", midtrans("settlement"))
write(m, "valid-capture-accept.json", midtrans("capture", fraud="accept", payment_type="credit_card"))
write(m, "valid-pending.json", midtrans("pending", code="201"))
write(m, "valid-expire.json", midtrans("expire", code="407"))
write(m, "valid-deny.json", midtrans("deny", code="202"))
write(m, "valid-refund.json", midtrans("refund"))
write(m, "forged-wrong-signature.json", midtrans("settlement", sig=sign(ORDER, "200", "150000.00", "guessed-key")))
write(m, "forged-empty-signature.json", midtrans("settlement", sig=""))
write(m, "forged-no-signature.json", json.dumps({k: v for k, v in json.loads(midtrans("settlement")).items() if k != "signature_key"}))
write(m, "forged-amount-edited.json", midtrans("settlement", gross="1500.00", sig=sign(ORDER, "200", "150000.00")))
write(m, "forged-pending-edited-to-settlement.json", midtrans("settlement", code="201"))
write(m, "malformed-partial-refund.json", midtrans("partial_refund"))
write(m, "malformed-three-decimals.json", midtrans("settlement", gross="150000.005"))
write(m, "malformed-capture-without-fraud-status.json", midtrans("capture"))
write(m, "malformed-not-json.txt", "order_id=" + ORDER + "&status_code=200")
write(m, "malformed-array.json", "[" + midtrans("settlement") + "]")
dup = midtrans("settlement")
write(m, "malformed-repeated-order-id.json", dup[:-1] + ', "order_id": "someone-else"}')
write(m, "malformed-deep.json", "[" * 5000)

TOKEN_LINE = XENDIT_TOKEN + "\n"


def xendit(status="PAID", amount="150000", token=TOKEN_LINE, **extra):
    fields = [
        '"id":"579c8d61f23fa4ca35e52da4"',
        f'"external_id":"{ORDER}"',
        '"user_id":"5781d19b2e2385880609791c"',
        '"is_high":false',
        '"payment_method":"BANK_TRANSFER"',
        f'"status":"{status}"',
        '"merchant_name":"Blajarplus"',
        f'"amount":{amount}',
        '"paid_amount":150000',
        '"bank_code":"BCA"',
        '"paid_at":"2026-11-25T01:00:05.000Z"',
        '"currency":"IDR"',
    ]
    for k, v in extra.items():
        fields.append(f'"{k}":{v}')
    return token + "{" + ",".join(fields) + "}"


x = "xendit"
write(x, "valid-paid", xendit())
write(x, "valid-settled", xendit("SETTLED"))
write(x, "valid-expired", xendit("EXPIRED"))
write(x, "valid-pending", xendit("PENDING"))
write(x, "valid-paid-decimal-amount", xendit(amount="150000.00"))
write(x, "forged-no-header", xendit(token=""))
write(x, "forged-empty-header", xendit(token="\n"))
write(x, "forged-wrong-token", xendit(token="xnd-guessed\n"))
write(x, "forged-token-with-space", xendit(token=XENDIT_TOKEN + " \n"))
write(x, "forged-token-prefix", xendit(token=XENDIT_TOKEN[:-1] + "\n"))
write(x, "malformed-amount-as-string", xendit(amount='"150000"'))
write(x, "malformed-amount-three-decimals", xendit(amount="1.005"))
write(x, "malformed-unknown-status", xendit("REFUNDED"))
write(x, "malformed-not-json", TOKEN_LINE + "status=PAID")
write(x, "malformed-negative-amount", xendit(amount="-150000"))

# Slots: the byte layout of fuzz_entries::slots.
ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC", "Europe/London",
         "America/New_York", "Australia/Lord_Howe", "America/St_Johns", "Pacific/Chatham",
         "America/Sao_Paulo"]
BASE = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)


def slots(zone, now, notice=120, horizon_days=60, before=0, after=0, rules=(), overrides=(),
          offs=(), busy=(), from_days=2, window_days=14, duration=60, step=30):
    b = bytearray()
    b += bytes([ZONES.index(zone)])
    b += struct.pack(">I", int((now - BASE).total_seconds() // 60))
    b += bytes([0])
    b += struct.pack(">I", notice)
    b += struct.pack(">I", horizon_days * 1440)
    b += bytes([before, after, len(rules)])
    for day, start, end, grid in rules:
        b += bytes([day]) + struct.pack(">HH", start, end)
        b += bytes([0 if grid is None else grid])  # grid % 4 == 0 means none
    b += bytes([len(overrides)])
    for day_offset, hours in overrides:
        b += bytes([day_offset + 5, len(hours)])
        for s, e in hours:
            b += struct.pack(">HH", s, e)
    for group in (offs, busy):
        b += bytes([len(group)])
        for start_min, length in group:  # start: minutes after now - 1 day
            b += struct.pack(">IH", start_min, length - 1)
    b += struct.pack(">I", (from_days + 2) * 1440)
    b += struct.pack(">I", window_days * 1440)
    b += struct.pack(">H", duration + 10)
    b += bytes([0 if step == 0 else step - 5])
    return bytes(b)


H = 60
weekdays = [(d, 16 * H, 20 * H, 30) for d in range(1, 6)]
now = datetime.datetime(2026, 11, 25, 1, 0, tzinfo=datetime.timezone.utc)
s = "slots"
write(s, "valid-jakarta-weekdays", slots("Asia/Jakarta", now, rules=weekdays))
write(s, "valid-makassar-buffers-busy", slots(
    "Asia/Makassar", now, before=10, after=15, rules=weekdays,
    busy=[(3 * 1440 + 8 * H, 60), (4 * 1440 + 9 * H, 90), (6 * 1440 + 8 * H, 60)],
    offs=[(5 * 1440, 1440)]))
write(s, "valid-jayapura-hourly", slots("Asia/Jayapura", now, rules=[(d, 6 * H, 22 * H, 60) for d in range(7)]))
spring = datetime.datetime(2025, 3, 27, 0, 0, tzinfo=datetime.timezone.utc)
write(s, "valid-london-spring-forward", slots("Europe/London", spring, rules=[(0, 0, 4 * H, 30)], from_days=0, window_days=7, step=30, notice=0))
fall = datetime.datetime(2025, 10, 30, 0, 0, tzinfo=datetime.timezone.utc)
write(s, "valid-new-york-fall-back", slots("America/New_York", fall, rules=[(0, 0, 4 * H, 30)], from_days=0, window_days=7, notice=0))
lh = datetime.datetime(2025, 4, 3, 0, 0, tzinfo=datetime.timezone.utc)
write(s, "valid-lord-howe-half-hour-dst", slots("Australia/Lord_Howe", lh, rules=[(0, H, 3 * H, None)], from_days=0, window_days=7, notice=0, step=15))
write(s, "valid-override-hours", slots("Asia/Jakarta", now, rules=weekdays, overrides=[(3, [(8 * H, 12 * H)])]))
write(s, "closed-by-override", slots("Asia/Jakarta", now, rules=weekdays, overrides=[(d, []) for d in range(2, 5)], window_days=3))
write(s, "rule-ends-before-it-starts", slots("Asia/Jakarta", now, rules=[(1, 20 * H, 16 * H, 30)]))
write(s, "zero-grid", slots("Asia/Jakarta", now, rules=[(1, 16 * H, 20 * H, 241)]))
write(s, "zero-step", slots("Asia/Jakarta", now, rules=[(1, 16 * H, 20 * H, None)], step=0))
write(s, "negative-duration", slots("Asia/Jakarta", now, rules=weekdays, duration=-10))
write(s, "no-weekday-seven", slots("Asia/Jakarta", now, rules=[(7, 0, 23 * H, 60)]))
write(s, "tiny", b"\x04\x00")
