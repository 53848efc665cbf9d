"""Issue 12, atk8 tester B findings M4, M5 and L1: engineering text read as PII. Ruby Logger lines (the process id
after the clock's fraction), AWS Lambda REPORT lines (`ms` before `Billed Duration`, `Max Memory Used:`), ALB and
classic ELB access logs (processing times, statuses and sizes before the request line), CloudFront's tab-separated
fields, sizes in code (`torch.randn(512, 768, 3072)`, `view(192, 64, 5120)`) and lower-case `max` / `min` as the
words (`clamp to the max.`, `min and max`, `n = max`) are no phone numbers, SSNs, cards or names; phone numbers,
SSNs and names in the same frames are still found (real Presidio, real spaCy model, the default policy's entities
and score floor). The rules: `proxy.nlp.recognizers.log_field` (`_CLOCK_TAIL`, `_BALANCER_FIELDS`, `_tab_fields`),
`size_list`, `milliseconds`, `PersonFilter.field_label`, `PersonFilter.limit_word`; measured by `bench/pii_fp.py` on
`bench/data/technical_atk8_fp.txt` and `technical_atk8_holdout.txt`."""

from __future__ import annotations

import pytest

from proxy.nlp.pii import PiiAnalyzer
from proxy.nlp.recognizers import technical_value
from tests.support.pii import found

ALB = ('h2 2024-05-01T12:34:56.123456Z app/my-lb/50dc6c495c0c9188 192.0.2.1:2817 10.0.0.1:80 0.000 0.001 0.000 '
       '200 200 34 366 "GET https://example.com:443/ HTTP/2.0" "curl/8.4.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2')
CLOUDFRONT = ("2024-05-22\t16:42:22\tIAD89-C1\t60389\t192.0.2.34\tGET\td111111abcdef8.cloudfront.net\t/posts/6140\t302"
              "\t-\tMozilla/5.0\t-\t-\tHit\tfceecb867fabc94029c9==\td111111abcdef8.cloudfront.net\thttps\t944\t0.481")


def _no_ip(got: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Findings other than IP addresses and what lies inside one (a load balancer's client and target are IP
    addresses, rightly found; the redaction keeps the address over a part of it read as another type)."""
    ips = [span for kind, span in got if kind == "IP_ADDRESS"]
    return {(kind, span) for kind, span in got if kind != "IP_ADDRESS" and not any(span in ip for ip in ips)}


@pytest.mark.parametrize("text", [
    # Ruby Logger: the process id after the clock's fraction
    "I, [2024-05-01T12:34:56.789012 #12345]  INFO -- : Completed 200 OK in 23ms",
    "E, [2023-11-25T00:11:17.805401 #78473] ERROR -- : [c7da379f-4c94-2726-4d39-338df47ad6d5] Started GET \"/login\"",
    # AWS Lambda
    "REPORT RequestId: 3f2a1b4c-5d6e-7f80-9a1b-2c3d4e5f6a7b Duration: 102.45 ms Billed Duration: 103 ms Memory Size: "
    "128 MB Max Memory Used: 71 MB Init Duration: 245.31 ms",
    "REPORT RequestId: 517ff452-e74f-4878-82c5-80d1e46d5100 Duration: 1698.27 ms Billed Duration: 1699 ms Memory "
    "Size: 1024 MB Max Memory Used: 165 MB",
    "START RequestId: 3f2a1b4c-5d6e-7f80-9a1b-2c3d4e5f6a7b Version: $LATEST",
    # sizes in code
    "x = torch.randn(512, 768, 3072)",
    "assert out.shape == torch.Size([480, 640, 8192])",
    "layer = nn.Linear(224, 128)  # then view(192, 64, 5120)",
    "The batch is [720, 768, 1080]",
    "tensor of shape (320, 256, 1024) after the encoder",
    "shape=(128, 256, 1024)",
    "x = np.zeros((224, 224, 3))",
    "img = resize(1920, 1080, 3)",
    # max / min as the words
    "x = 2**10-1 is the max",
    "clamp to the max.",
    "Use min and max of the list.",
    "Use max and min of the list.",
    "Set it below the max, not at the max!",
    "if n > max: n = max  # never above the max",
    "x is clamped to max/min on overflow.",
    "Compare min vs max before the split.",
    "max - min is the range",
])
async def test_engineering_text_is_no_pii(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize("text", [
    ALB,
    '2024-05-22T16:42:22.287255Z my-loadbalancer 192.0.2.177:57669 10.0.9.59:80 1.276165 1.274367 1.179496 302 302 '
    '7845 97552 "GET http://www.example.com:80/posts/6140 HTTP/1.1" "curl/7.38.0" - -',
    'https 2024-02-29T08:00:00.500000Z app/prod-alb/1f2e3d4c5b6a7988 198.51.100.7:443 - -1 -1 -1 503 - 219 345 '
    '"GET https://api.example.com:443/v1/ping HTTP/1.1" "Go-http-client/2.0"',
    CLOUDFRONT,
])
async def test_load_balancer_and_cdn_logs_hold_only_their_addresses(analyzer: PiiAnalyzer, text: str) -> None:
    assert _no_ip(await found(analyzer, text)) == set()


@pytest.mark.parametrize(("text", "entity", "value"), [
    # a phone number in a log's frame is still one
    ("I, [2024-05-01T12:34:56.789012 #12345]  INFO -- : call 617-555-0143", "PHONE_NUMBER", "617-555-0143"),
    (ALB.replace("HTTP/2.0", "HTTP/2.0 phone 617-555-0143"), "PHONE_NUMBER", "617-555-0143"),
    ('10.0.0.1:80 0.000 0.001 200 200 617 555 0143 "GET / HTTP/1.1"', "PHONE_NUMBER", "617 555 0143"),  # 2 times
    ("Jane Doe\t617-555-0143\tBoston\tMA\t02110\tactive\t2024\tnone", "PHONE_NUMBER", "617-555-0143"),
    ("call 617\t555\t0143", "PHONE_NUMBER", "617"),  # three fields: no table row
    # a value of printed groups is not hidden by brackets, and a phone word or label keeps a size-shaped one
    ("[617, 555, 0143]", "PHONE_NUMBER", "617, 555, 0143"),
    ("Call me at (617, 555, 0143) please", "PHONE_NUMBER", "617, 555, 0143"),
    ("call 512, 768, 3072", "PHONE_NUMBER", "512, 768, 3072"),
    ("my number is 512, 768, 3072", "PHONE_NUMBER", "512, 768, 3072"),
    ("view(617, 555, 0144)", "PHONE_NUMBER", "617, 555, 0144"),  # not every group a multiple of 8
    ("ssn: 512, 96, 8192", "US_SSN", "512, 96, 8192"),
    ("SSN [412, 63, 7785]", "US_SSN", "412, 63, 7785"),
    # names beside the words and labels
    ("Duration: 5 ms Ms Warrane called", "PERSON", "Warrane"),      # `Ms` capitalised is the title
    ("Thanks, Jane Smith: 42 tickets closed", "PERSON", "Jane Smith"),
    ("Please ask max about it.", "PERSON", "max"),
    ("name = max", "PERSON", "max"),
    ("Thanks, Max. See you.", "PERSON", "Max"),
])
async def test_values_in_the_same_frames_are_still_found(analyzer: PiiAnalyzer, text: str, entity: str,
                                                         value: str) -> None:
    got = await found(analyzer, text)
    assert any(kind == entity and value in span for kind, span in got), got


@pytest.mark.parametrize(("value", "sizes"), [
    ("512, 768, 3072", True),
    ("(320, 256, 1024", True),
    ("192, 64, 5120", True),
    ("[720, 768, 1080]", True),
    ("617, 555, 0143", False),   # no multiple of 8, a leading zero
    ("512, 768, 0312", False),   # a leading zero
    ("512 768 3072", False),     # spaces: a phone number's printed groups
    ("512-768-3072", False),
    ("512, 3072", False),        # two numbers
    ("512, 768, 3073", False),
])
def test_size_list(value: str, sizes: bool) -> None:
    from proxy.nlp.recognizers import size_list  # (here: the module is collected on code without it too)

    assert size_list(value) is sizes


def test_ssn_after_its_label_is_no_size() -> None:
    text = "ssn: 512, 96, 8192 and view(512, 96, 8192)"
    first, second = text.index("512"), text.rindex("512")
    assert not technical_value("US_SSN", text, first, first + 13)
    assert technical_value("US_SSN", text, second, second + 13)


def test_balancer_fields_need_the_request_line_after_them() -> None:
    """The fields are a load balancer's only before the quoted request line: the same numbers without it are not."""
    text = "10.0.0.1:80 0.000 0.001 0.000 200 200 617 5550143"
    start = text.index("200 200")
    assert technical_value("PHONE_NUMBER", text + ' "GET / HTTP/1.1"', start, len(text))
    assert not technical_value("PHONE_NUMBER", text, start, len(text))
    assert not technical_value("PHONE_NUMBER", text + " then", start, len(text))
