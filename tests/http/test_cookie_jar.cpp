#include <catch2/catch.hpp>

#include <chrono>
#include <random>
#include <string>

#include "http/cookie_jar.hpp"

using namespace rollcall::http;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

const CookieJar::WallClock::time_point t0 = sys_days{2024y / January / 15} + 9h;

CookieUrl secure_url(std::string_view host, std::string_view path = "/") { return {true, host, path}; }
CookieUrl plain_url(std::string_view host, std::string_view path = "/") { return {false, host, path}; }

// The Cookie header for a request, "" when none applies.
std::string header(CookieJar& jar, const CookieUrl& url, CookieJar::WallClock::time_point now = t0) {
  std::string out;
  jar.cookie_header(url, now, out);
  return out;
}

CookieJar::WallClock::time_point date(int y, unsigned m, unsigned d, hours h = 0h, minutes mi = 0min, seconds s = 0s) {
  return sys_days{year{y} / month{m} / day{d}} + h + mi + s;
}

}  // namespace

// RFC 6265 §3.1, the examples in order.
TEST_CASE("cookies: RFC 6265 section 3.1 examples") {
  CookieJar jar;
  SECTION("a host-only session cookie comes back") {
    REQUIRE(jar.store(plain_url("example.com"), "SID=31d4d96e407aad42", t0));
    CHECK(header(jar, plain_url("example.com", "/any/path")) == "SID=31d4d96e407aad42");
    CHECK(header(jar, plain_url("www.example.com")).empty());
  }
  SECTION("Path=/ and Domain widen it to subdomains") {
    REQUIRE(jar.store(plain_url("example.com"), "SID=31d4d96e407aad42; Path=/; Domain=example.com", t0));
    CHECK(header(jar, plain_url("example.com")) == "SID=31d4d96e407aad42");
    CHECK(header(jar, plain_url("www.example.com", "/x")) == "SID=31d4d96e407aad42");
    CHECK(header(jar, plain_url("notexample.com")).empty());
  }
  SECTION("Secure, HttpOnly and a domain cookie") {
    REQUIRE(jar.store(secure_url("example.com"), "SID=31d4d96e407aad42; Path=/; Secure; HttpOnly", t0));
    REQUIRE(jar.store(secure_url("example.com"), "lang=en-US; Path=/; Domain=example.com", t0));
    CHECK(header(jar, secure_url("example.com")) == "SID=31d4d96e407aad42; lang=en-US");
    CHECK(header(jar, plain_url("example.com")) == "lang=en-US");
    CHECK(header(jar, secure_url("www.example.com")) == "lang=en-US");
  }
  SECTION("Expires makes it persistent; an Expires in the past deletes it") {
    const auto now = date(2021, 6, 1);
    REQUIRE(jar.store(plain_url("example.com"), "SID=31d4d96e407aad42; Path=/; Domain=example.com", now));
    REQUIRE(jar.store(plain_url("example.com"), "lang=en-US; Expires=Wed, 09 Jun 2021 10:18:14 GMT", now));
    CHECK(header(jar, plain_url("example.com"), now) == "SID=31d4d96e407aad42; lang=en-US");
    CHECK(header(jar, plain_url("example.com"), date(2021, 6, 9, 10h, 18min, 13s)) == "SID=31d4d96e407aad42; lang=en-US");
    CHECK(header(jar, plain_url("example.com"), date(2021, 6, 9, 10h, 18min, 14s)) == "SID=31d4d96e407aad42");
    REQUIRE(jar.store(plain_url("example.com"), "lang=; Expires=Sun, 06 Nov 1994 08:49:37 GMT", now));
    CHECK(header(jar, plain_url("example.com"), now) == "SID=31d4d96e407aad42");
    CHECK(jar.size() == 1);
  }
}

TEST_CASE("cookies: host-only and domain cookies across an ENT's subdomains") {
  CookieJar jar;
  const auto cas = secure_url("cas.ent.example.fr", "/cas/login");
  REQUIRE(jar.store(cas, "TGC=TGT-1-abc; Path=/cas; Secure; HttpOnly", t0));              // host-only
  REQUIRE(jar.store(cas, "lang=fr; Domain=.ent.example.fr; Path=/", t0));                 // leading dot ignored
  REQUIRE(jar.store(secure_url("ent.example.fr"), "ENTSESSION=s1; Path=/", t0));             // host-only on the parent
  REQUIRE(jar.store(secure_url("ent.example.fr"), "theme=dark; Domain=ENT.Example.FR", t0));  // domain is case-insensitive

  CHECK(header(jar, secure_url("cas.ent.example.fr", "/cas/login")) == "TGC=TGT-1-abc; lang=fr; theme=dark");
  CHECK(header(jar, secure_url("cas.ent.example.fr", "/portal")) == "lang=fr; theme=dark");
  CHECK(header(jar, secure_url("ent.example.fr", "/cas/login")) == "lang=fr; ENTSESSION=s1; theme=dark");
  CHECK(header(jar, secure_url("www.ent.example.fr")) == "lang=fr; theme=dark");
  CHECK(header(jar, secure_url("example.fr")).empty());
  CHECK(header(jar, secure_url("xent.example.fr")).empty());

  SECTION("a domain must enclose the host") {
    std::string why;
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "x=1; Domain=cas.ent.example.fr", t0, &why));
    CHECK(why == "Domain=cas.ent.example.fr does not domain-match host ent.example.fr");
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "x=1; Domain=other.fr", t0));
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "x=1; Domain=t.example.fr", t0));  // a suffix, not a parent
  }
  SECTION("an empty Domain leaves the cookie host-only") {
    REQUIRE(jar.store(secure_url("ent.example.fr"), "hostonly=1; Domain=", t0));
    REQUIRE(jar.store(secure_url("ent.example.fr"), "dot=1; Domain=.", t0));
    CHECK(header(jar, secure_url("cas.ent.example.fr", "/x")).find("hostonly") == std::string::npos);
    CHECK(header(jar, secure_url("ent.example.fr", "/x")).find("hostonly=1; dot=1") != std::string::npos);
  }
  SECTION("the last Domain attribute counts") {
    REQUIRE(jar.store(secure_url("cas.ent.example.fr"), "last=1; Domain=other.fr; Domain=example.fr", t0));
    CHECK(header(jar, secure_url("www.example.fr")) == "last=1");
  }
}

TEST_CASE("cookies: IP-literal hosts") {
  CookieJar jar;
  std::string why;
  REQUIRE(jar.store(plain_url("127.0.0.1", "/"), "a=1", t0));
  REQUIRE(jar.store(plain_url("127.0.0.1", "/"), "b=2; Domain=127.0.0.1", t0));
  CHECK_FALSE(jar.store(plain_url("10.1.2.3", "/"), "c=3; Domain=1.2.3", t0, &why));
  CHECK(why.find("does not domain-match") != std::string::npos);
  CHECK_FALSE(jar.store(plain_url("10.1.2.3", "/"), "c=3; Domain=2.3", t0));
  CHECK_FALSE(jar.store(plain_url("::1", "/"), "d=4; Domain=1", t0));
  REQUIRE(jar.store(plain_url("::1", "/"), "e=5; Domain=::1", t0));
  CHECK(header(jar, plain_url("127.0.0.1")) == "a=1; b=2");
  CHECK(header(jar, plain_url("::1")) == "e=5");
  CHECK(header(jar, plain_url("2.3")).empty());
}

TEST_CASE("cookies: the cookie-date algorithm") {
  const auto expected = date(1994, 11, 6, 8h, 49min, 37s);
  CHECK(parse_cookie_date("Sun, 06 Nov 1994 08:49:37 GMT") == expected);   // RFC 1123
  CHECK(parse_cookie_date("Sunday, 06-Nov-94 08:49:37 GMT") == expected);  // RFC 850
  CHECK(parse_cookie_date("Sun Nov  6 08:49:37 1994") == expected);        // asctime
  CHECK(parse_cookie_date("Sun, 06-Nov-1994 08:49:37 GMT") == expected);   // what many servers send
  CHECK(parse_cookie_date("06 nov 1994 08:49:37") == expected);            // no weekday, lower case
  CHECK(parse_cookie_date("1994 Nov 6 8:49:37") == expected);              // any order, one-digit hour
  CHECK(parse_cookie_date("Sun, 06 November 1994 08:49:37 UTC") == expected);
  CHECK(parse_cookie_date("Sun,06Nov1994 08:49:37").has_value() == false);  // "06Nov1994" is one token

  SECTION("two-digit years: 70-99 are 19xx, 00-69 are 20xx") {
    CHECK(parse_cookie_date("Thu, 01-Jan-70 00:00:00 GMT") == CookieJar::WallClock::time_point{});
    CHECK(parse_cookie_date("Wed, 09 Jun 21 10:18:14 GMT") == date(2021, 6, 9, 10h, 18min, 14s));
    CHECK(parse_cookie_date("Fri, 31 Dec 99 23:59:59 GMT") == date(1999, 12, 31, 23h, 59min, 59s));
    CHECK(parse_cookie_date("Sat, 01 Jan 00 00:00:00 GMT") == date(2000, 1, 1));
    CHECK(parse_cookie_date("Tue, 31 Dec 69 23:59:59 GMT") == date(2069, 12, 31, 23h, 59min, 59s));
  }
  SECTION("dates the algorithm rejects") {
    for (const char* bad : {"", "garbage", "Sun, 06 Nov 1994", "06 Nov 1994 GMT", "Nov 1994 08:49:37",
                            "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 00 Nov 1994 08:49:37 GMT",
                            "Wed, 30 Feb 2022 00:00:00 GMT", "Sat, 06 Nov 1600 08:49:37 GMT",
                            "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT",
                            "Sun, 06 Nov 1994 08:49:60 GMT", "Sun, 06 Nov 19945 08:49:37 GMT",
                            "Sun, 06 Nov 1994 008:49:37 GMT", "Sun, 06 Xyz 1994 08:49:37 GMT"}) {
      INFO(bad);
      CHECK_FALSE(parse_cookie_date(bad).has_value());
    }
  }
  SECTION("leap years and far dates") {
    CHECK(parse_cookie_date("Thu, 29 Feb 2024 12:00:00 GMT") == date(2024, 2, 29, 12h));
    CHECK_FALSE(parse_cookie_date("Mon, 29 Feb 2100 12:00:00 GMT").has_value());
    CHECK(parse_cookie_date("Fri, 31 Dec 9999 23:59:59 GMT").has_value());  // clamped to the clock's range
    CHECK(parse_cookie_date("Mon, 01 Jan 1601 00:00:00 GMT").has_value());
  }
  SECTION("an Expires the algorithm rejects is ignored: a session cookie") {
    CookieJar jar;
    REQUIRE(jar.store(plain_url("ent.example.fr"), "s=1; Expires=tomorrow", t0));
    CHECK(header(jar, plain_url("ent.example.fr"), t0 + 24h * 300) == "s=1");
  }
}

TEST_CASE("cookies: Max-Age") {
  CookieJar jar;
  const auto url = plain_url("ent.example.fr");
  REQUIRE(jar.store(url, "a=1; Max-Age=60", t0));
  CHECK(header(jar, url, t0 + 59s) == "a=1");
  CHECK(header(jar, url, t0 + 60s).empty());
  CHECK(jar.size() == 0);

  SECTION("zero and negative delete") {
    REQUIRE(jar.store(url, "b=1", t0));
    REQUIRE(jar.store(url, "c=1", t0));
    REQUIRE(jar.store(url, "b=; Max-Age=0", t0));
    REQUIRE(jar.store(url, "c=; Max-Age=-1", t0));
    CHECK(jar.size() == 0);
    REQUIRE(jar.store(url, "d=1; Max-Age=0", t0));  // nothing to delete: accepted, not kept
    CHECK(jar.size() == 0);
  }
  SECTION("Max-Age wins over Expires, in either order") {
    REQUIRE(jar.store(url, "e=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=100", t0));
    REQUIRE(jar.store(url, "f=1; Max-Age=100; Expires=Sun, 06 Nov 1994 08:49:37 GMT", t0));
    REQUIRE(jar.store(url, "g=1; Max-Age=0; Expires=Fri, 31 Dec 2049 23:59:59 GMT", t0));
    CHECK(header(jar, url, t0 + 99s) == "e=1; f=1");
  }
  SECTION("a malformed Max-Age is ignored") {
    REQUIRE(jar.store(url, "h=1; Max-Age=1a", t0));
    REQUIRE(jar.store(url, "i=1; Max-Age=+5", t0));
    REQUIRE(jar.store(url, "j=1; Max-Age=", t0));
    REQUIRE(jar.store(url, "k=1; Max-Age=- 5", t0));
    CHECK(header(jar, url, t0 + 3600s) == "h=1; i=1; j=1; k=1");
  }
  SECTION("lifetimes are capped at 400 days, as browsers do") {
    REQUIRE(jar.store(url, "l=1; Max-Age=99999999999999999999999999", t0));
    REQUIRE(jar.store(url, "m=1; Expires=Fri, 31 Dec 9999 23:59:59 GMT", t0));
    CHECK(header(jar, url, t0 + 24h * 400 - 1s) == "l=1; m=1");
    CHECK(header(jar, url, t0 + 24h * 400).empty());
  }
}

TEST_CASE("cookies: paths") {
  CookieJar jar;
  SECTION("path-match edge cases") {
    REQUIRE(jar.store(plain_url("h"), "docs=1; Path=/docs", t0));
    REQUIRE(jar.store(plain_url("h"), "slash=1; Path=/docs/", t0));
    CHECK(header(jar, plain_url("h", "/docs")) == "docs=1");
    CHECK(header(jar, plain_url("h", "/docs/")) == "slash=1; docs=1");
    CHECK(header(jar, plain_url("h", "/docs/a/b")) == "slash=1; docs=1");
    CHECK(header(jar, plain_url("h", "/docsx")).empty());
    CHECK(header(jar, plain_url("h", "/doc")).empty());
    CHECK(header(jar, plain_url("h", "/Docs")).empty());  // paths are case-sensitive
    CHECK(header(jar, plain_url("h", "/docs?x=/y")) == "docs=1");
    CHECK(header(jar, plain_url("h", "")).empty());
  }
  SECTION("default-path: the directory of the request") {
    REQUIRE(jar.store(plain_url("h", "/cas/login?service=https%3A%2F%2Fent%2Fa%2Fb"), "a=1", t0));
    REQUIRE(jar.store(plain_url("h", "/portal"), "b=1", t0));
    REQUIRE(jar.store(plain_url("h", ""), "c=1", t0));
    REQUIRE(jar.store(plain_url("h", "/x/y/z/"), "d=1", t0));
    REQUIRE(jar.store(plain_url("h", "/x/y/z"), "e=1; Path=relative", t0));  // not a path: default
    REQUIRE(jar.store(plain_url("h", "/x/y/z"), "f=1; Path=", t0));
    CHECK(header(jar, plain_url("h", "/cas")) == "a=1; b=1; c=1");
    CHECK(header(jar, plain_url("h", "/x/y/z/w")) == "d=1; e=1; f=1; b=1; c=1");
    CHECK(header(jar, plain_url("h", "/x/y")) == "e=1; f=1; b=1; c=1");
  }
}

TEST_CASE("cookies: order, replacement and creation time") {
  CookieJar jar;
  const auto url = plain_url("ent.example.fr", "/a/b/c");
  REQUIRE(jar.store(url, "first=1; Path=/", t0));
  REQUIRE(jar.store(url, "deep=1; Path=/a/b", t0 + 1s));
  REQUIRE(jar.store(url, "second=1; Path=/", t0 + 2s));
  REQUIRE(jar.store(url, "mid=1; Path=/a", t0 + 3s));
  CHECK(header(jar, url, t0 + 4s) == "deep=1; mid=1; first=1; second=1");

  // Replacing keeps the creation time: "first" stays ahead of "second".
  REQUIRE(jar.store(url, "first=2; Path=/; HttpOnly", t0 + 5s));
  CHECK(header(jar, url, t0 + 6s) == "deep=1; mid=1; first=2; second=1");
  CHECK(jar.size() == 4);

  // Same name, other path or domain: a different cookie.
  REQUIRE(jar.store(url, "first=3; Path=/a", t0 + 7s));
  REQUIRE(jar.store(url, "first=4; Path=/; Domain=example.fr", t0 + 8s));
  CHECK(header(jar, url, t0 + 9s) == "deep=1; mid=1; first=3; first=2; second=1; first=4");
  CHECK(jar.size() == 6);

  SECTION("find: the longest path, any domain, most recent between equals") {
    CHECK(jar.find("first", t0 + 9s) == "3");
    CHECK(jar.find("deep", t0 + 9s) == "1");
    CHECK_FALSE(jar.find("missing", t0 + 9s).has_value());
    REQUIRE(jar.store(url, "first=5; Path=/a; Domain=example.fr", t0 + 10s));
    CHECK(jar.find("first", t0 + 10s) == "5");
    REQUIRE(jar.store(url, "short=1; Max-Age=1", t0));
    CHECK(jar.find("short", t0) == "1");
    CHECK_FALSE(jar.find("short", t0 + 1s).has_value());
    CHECK(jar.find("first") == "5");  // the wall clock: these cookies are session cookies
  }
}

TEST_CASE("cookies: Secure") {
  CookieJar jar;
  std::string why;
  REQUIRE(jar.store(secure_url("ent.example.fr"), "s=1; Secure", t0));
  CHECK(header(jar, plain_url("ent.example.fr")).empty());
  CHECK(header(jar, secure_url("ent.example.fr")) == "s=1");

  CHECK_FALSE(jar.store(plain_url("ent.example.fr"), "t=1; Secure", t0, &why));
  CHECK(why == "Secure cookie received over http");
  // Plain http cannot overwrite or shadow a Secure cookie (RFC 6265bis).
  CHECK_FALSE(jar.store(plain_url("ent.example.fr"), "s=evil", t0, &why));
  CHECK(why == "would overwrite a Secure cookie over http");
  CHECK_FALSE(jar.store(plain_url("ent.example.fr", "/deeper/x"), "s=evil; Path=/deeper", t0));
  CHECK(jar.store(plain_url("ent.example.fr"), "other=1", t0));
  CHECK(header(jar, secure_url("ent.example.fr")) == "s=1; other=1");

  SECTION("prefixes") {
    CHECK(jar.store(secure_url("ent.example.fr"), "__Secure-a=1; Secure", t0));
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "__Secure-b=1", t0, &why));
    CHECK(why == "__Secure- cookie without the Secure attribute");
    CHECK(jar.store(secure_url("ent.example.fr"), "__Host-c=1; Secure; Path=/", t0));
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "__Host-d=1; Secure", t0));                // no Path
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "__Host-e=1; Secure; Path=/x", t0));
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "__Host-f=1; Secure; Path=/; Domain=ent.example.fr", t0));
    CHECK_FALSE(jar.store(secure_url("ent.example.fr"), "__host-g=1; Path=/", t0));  // case-insensitive
  }
}

TEST_CASE("cookies: names, values and attributes as servers write them") {
  CookieJar jar;
  const auto url = secure_url("ent.example.fr");
  REQUIRE(jar.store(url, "  spaced  =  v a l  ; path=/ ; SECURE ; hTtPoNlY ; SameSite=None", t0));
  REQUIRE(jar.store(url, "quoted=\"a b\"", t0));
  REQUIRE(jar.store(url, "eq=a=b=c", t0));
  REQUIRE(jar.store(url, "utf8=caf\xc3\xa9", t0));
  REQUIRE(jar.store(url, "nameless", t0));   // RFC 6265bis: empty name
  REQUIRE(jar.store(url, "=alsonameless", t0));
  REQUIRE(jar.store(url, "empty=", t0));
  CHECK(header(jar, url) == "spaced=v a l; quoted=\"a b\"; eq=a=b=c; utf8=caf\xc3\xa9; alsonameless; empty=");
  CHECK(jar.size() == 6);  // the two nameless cookies are one
}

TEST_CASE("cookies: hostile headers are rejected without harm") {
  CookieJar jar;
  const auto url = secure_url("ent.example.fr");
  std::string why;
  CHECK_FALSE(jar.store(url, "", t0, &why));
  CHECK(why == "empty name and value");
  CHECK_FALSE(jar.store(url, "=", t0));
  CHECK_FALSE(jar.store(url, ";;;", t0));
  CHECK_FALSE(jar.store(url, " ; Path=/", t0));
  CHECK_FALSE(jar.store(url, std::string_view("a=b\0c", 5), t0, &why));
  CHECK(why == "control character in the header");
  CHECK_FALSE(jar.store(url, "a=b\r\nSet-Cookie: c=d", t0));
  CHECK(jar.store(url, "a=1", t0));  // the jar still works
  CHECK_FALSE(jar.store({true, "", "/"}, "a=1", t0, &why));
  CHECK(why == "no host");

  SECTION("name and value are capped at 4096 bytes together") {
    const std::string name(96, 'n');
    CHECK(jar.store(url, name + "=" + std::string(4000, 'v'), t0));
    CHECK_FALSE(jar.store(url, name + "=" + std::string(4001, 'v'), t0, &why));
    CHECK(why == "name and value longer than 4096 bytes");
    CHECK_FALSE(jar.store(url, std::string(1 << 20, 'x'), t0));
  }
  SECTION("oversized attributes are dropped, the cookie kept") {
    REQUIRE(jar.store(url, "p=1; Path=/" + std::string(2000, 'p'), t0));
    REQUIRE(jar.store(url, "d=1; Domain=" + std::string(2000, 'd') + ".fr", t0));
    CHECK(header(jar, url) == "a=1; p=1; d=1");
    const std::string many_attributes = "m=1" + [] {
      std::string s;
      for (int i = 0; i < 20000; ++i) s += "; Path=/";
      return s;
    }();
    CHECK(jar.store(url, many_attributes, t0));
  }
  SECTION("random bytes never crash the jar") {
    std::mt19937 rng(6265);
    std::uniform_int_distribution<int> byte(0, 255), length(0, 300);
    const std::string alphabet = "=; ,.-/:aAzZ09\"\t";
    for (int i = 0; i < 5000; ++i) {
      std::string h(static_cast<std::size_t>(length(rng)), ' ');
      for (auto& c : h) c = (i % 2) ? static_cast<char>(byte(rng)) : alphabet[static_cast<std::size_t>(byte(rng)) % alphabet.size()];
      jar.store(url, h, t0, &why);
      jar.store(plain_url("10.0.0.1", h), h, t0);
    }
    std::string out;
    jar.cookie_header(url, t0, out);
    CHECK(jar.size() <= CookieJar::max_cookies);
  }
}

TEST_CASE("cookies: a jar holds at most 150 cookies, dropping the oldest") {
  CookieJar jar;
  const auto url = plain_url("ent.example.fr");
  for (int i = 0; i < 200; ++i) REQUIRE(jar.store(url, "c" + std::to_string(i) + "=" + std::to_string(i), t0));
  CHECK(jar.size() == CookieJar::max_cookies);
  CHECK_FALSE(jar.find("c49", t0).has_value());
  CHECK(jar.find("c50", t0) == "50");
  CHECK(jar.find("c199", t0) == "199");
  std::string out;
  REQUIRE(jar.cookie_header(url, t0, out));
  CHECK(out.rfind("c50=50; c51=51", 0) == 0);

  SECTION("expired cookies go before live ones") {
    CookieJar small;
    REQUIRE(small.store(url, "old=1", t0));
    REQUIRE(small.store(url, "brief=1; Max-Age=1", t0));
    for (int i = 0; i < 149; ++i) REQUIRE(small.store(url, "n" + std::to_string(i) + "=1", t0 + 2s));
    CHECK(small.size() == CookieJar::max_cookies);
    CHECK(small.find("old", t0 + 2s) == "1");
  }
}

TEST_CASE("cookies: the Cookie header is appended, or nothing is touched") {
  CookieJar jar;
  std::string out = "prefix:";
  CHECK_FALSE(jar.cookie_header(plain_url("h"), t0, out));
  CHECK(out == "prefix:");
  REQUIRE(jar.store(plain_url("h"), "a=1", t0));
  CHECK(jar.cookie_header(plain_url("h"), t0, out));
  CHECK(out == "prefix:a=1");
}

TEST_CASE("cookies: two jars never share anything") {
  CookieJar alice, bob;
  const auto url = secure_url("ent.example.fr");
  REQUIRE(alice.store(url, "JSESSIONID=alice; Path=/", t0));
  CHECK(bob.size() == 0);
  CHECK(header(bob, url).empty());
  REQUIRE(bob.store(url, "JSESSIONID=bob; Path=/", t0));
  CHECK(header(alice, url) == "JSESSIONID=alice");
  CHECK(header(bob, url) == "JSESSIONID=bob");

  CookieJar copy = alice;  // a deep copy
  REQUIRE(copy.store(url, "JSESSIONID=copy; Path=/", t0));
  CHECK(header(alice, url) == "JSESSIONID=alice");
  CHECK(header(copy, url) == "JSESSIONID=copy");
  copy = bob;
  bob.clear();
  CHECK(header(copy, url) == "JSESSIONID=bob");
  CHECK(bob.size() == 0);
  CookieJar moved = std::move(copy);
  CHECK(header(moved, url) == "JSESSIONID=bob");
}

TEST_CASE("cookies: memory") {
  CookieJar jar;
  CHECK(jar.memory_bytes() == 0);
  const auto url = secure_url("cas.ent.example.fr", "/cas/login");
  REQUIRE(jar.store(url, "JSESSIONID=0123456789ABCDEF0123456789ABCDEF; Path=/cas; Secure; HttpOnly", t0));
  const auto one = jar.memory_bytes();
  // 24-byte header + name, value, domain and path + the pointer in the vector.
  CHECK(one == 8 + 24 + 10 + 32 + 18 + 4);
  REQUIRE(jar.store(url, "TGC=TGT-12-abcdefghijklmnopqrstuvwxyz-cas01; Path=/cas; Secure; HttpOnly", t0));
  REQUIRE(jar.store(url, "lang=fr; Domain=ent.example.fr; Path=/", t0));
  CHECK(jar.memory_bytes() > one);
  CHECK(jar.memory_bytes() < 400);
  jar.clear();
  CHECK(jar.memory_bytes() == 0);
}
