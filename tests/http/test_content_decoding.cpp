#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include <boost/asio/buffer.hpp>

#include "common/content_coding.hpp"
#include "http/content_decoding.hpp"
#include "http/response_reader.hpp"
#include "support/gzip_bomb.hpp"

using namespace rollcall;
using coding::Coding;

namespace {

// An answer read as virtual users read it: `fields` are header lines
// ("Content-Encoding: gzip\r\n"), the body is kept up to `cap`.
http::ResponseData answer(const std::string& fields, const std::string& body, std::size_t cap = 1 << 20) {
  http::ResponseData out;
  http::ResponseReader reader(out, true, cap);
  const std::string bytes =
      "HTTP/1.1 200 OK\r\n" + fields + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  boost::beast::error_code ec;
  reader.put(boost::asio::buffer(bytes), ec);
  REQUIRE_FALSE(ec);
  REQUIRE(reader.is_done());
  return out;
}

const std::string page = [] {
  std::string p = "<html><body><h1>Mon bureau</h1>";
  for (int i = 0; i < 2000; ++i) p += "<p>Devoir de mathématiques pour lundi</p>";
  return p + "</body></html>";
}();

}  // namespace

TEST_CASE("a kept body is decoded as its Content-Encoding says") {
  http::ContentDecoder decoder;
  for (const char* name : {"gzip", "x-gzip", "deflate", "br", "GZIP"}) {
    INFO(name);
    const Coding c = *coding::coding_named(name);
    auto r = answer(std::string("Content-Encoding: ") + name + "\r\n", coding::encode(c, page));
    CHECK(r.body_bytes < page.size() / 4);
    REQUIRE(decoder.decode(r, 1 << 20));
    CHECK(r.body == page);
    CHECK_FALSE(r.body_truncated);
    CHECK(r.decode_problem.empty());
  }
  SECTION("raw deflate") {
    auto r = answer("Content-Encoding: deflate\r\n", coding::encode_raw_deflate(page));
    REQUIRE(decoder.decode(r, 1 << 20));
    CHECK(r.body == page);
  }
  SECTION("no coding, identity, and an empty body whatever its coding") {
    auto plain = answer("", page);
    REQUIRE(decoder.decode(plain, 1 << 20));
    CHECK(plain.body == page);
    auto identity = answer("Content-Encoding: identity\r\n", page);
    REQUIRE(decoder.decode(identity, 1 << 20));
    CHECK(identity.body == page);
    auto empty = answer("Content-Encoding: zstd\r\n", "");
    CHECK(decoder.decode(empty, 1 << 20));
  }
}

TEST_CASE("codings applied one after the other are undone last first") {
  http::ContentDecoder decoder;
  const std::string twice = coding::encode(Coding::br, coding::encode(Coding::gzip, page));
  SECTION("in one field") {
    auto r = answer("Content-Encoding: gzip, br\r\n", twice);
    REQUIRE(decoder.decode(r, 1 << 20));
    CHECK(r.body == page);
  }
  SECTION("in two fields, with identity and empty members") {
    auto r = answer("Content-Encoding: gzip,,identity\r\nContent-Encoding:  br \r\n", twice);
    REQUIRE(decoder.decode(r, 1 << 20));
    CHECK(r.body == page);
  }
  SECTION("in the wrong order: the outer stream is not gzip") {
    auto r = answer("Content-Encoding: br, gzip\r\n", twice);
    CHECK_FALSE(decoder.decode(r, 1 << 20));
    CHECK(r.decode_problem == "the answer's gzip body is corrupt");
  }
  SECTION("more codings than a body may carry") {
    auto r = answer("Content-Encoding: gzip, gzip, gzip, gzip, gzip\r\n", twice);
    CHECK_FALSE(decoder.decode(r, 1 << 20));
    CHECK(r.decode_problem == "the answer's body has more than 4 content codings");
  }
}

TEST_CASE("a body that cannot be decoded says why") {
  http::ContentDecoder decoder;
  SECTION("an unknown coding") {
    auto r = answer("Content-Encoding: zstd\r\n", "(\xb5/\xfd compressed");
    CHECK_FALSE(decoder.decode(r, 1 << 20));
    CHECK(r.decode_problem == "the answer's Content-Encoding 'zstd' is not one rollcall decodes (gzip, deflate, br)");
  }
  SECTION("a corrupt stream") {
    auto r = answer("Content-Encoding: gzip\r\n", page);
    CHECK_FALSE(decoder.decode(r, 1 << 20));
    CHECK(r.decode_problem == "the answer's gzip body is corrupt");
  }
  SECTION("a stream cut short by the server") {
    const std::string br = coding::encode(Coding::br, page);
    auto r = answer("Content-Encoding: br\r\n", br.substr(0, br.size() / 2));
    CHECK_FALSE(decoder.decode(r, 1 << 20));
    CHECK(r.decode_problem == "the answer's br body ends before its stream does (truncated)");
  }
  SECTION("the decoder serves the next answer") {
    auto bad = answer("Content-Encoding: gzip\r\n", "not gzip");
    CHECK_FALSE(decoder.decode(bad, 1 << 20));
    auto good = answer("Content-Encoding: gzip\r\n", coding::encode(Coding::gzip, page));
    REQUIRE(good.decode_problem.empty());
    REQUIRE(decoder.decode(good, 1 << 20));
    CHECK(good.body == page);
  }
}

TEST_CASE("the decoded body is bounded by the body limit, as a plain one is") {
  http::ContentDecoder decoder;
  SECTION("a page that decodes past the limit is truncated there") {
    auto r = answer("Content-Encoding: gzip\r\n", coding::encode(Coding::gzip, page), 10'000);
    REQUIRE(decoder.decode(r, 10'000));
    CHECK(r.body == page.substr(0, 10'000));
    CHECK(r.body_truncated);
  }
  SECTION("a coded body cut by the limit decodes to the part that came, not to an error") {
    const std::string incompressible = [] {
      std::string s;
      std::uint32_t x = 12345;
      for (int i = 0; i < 50'000; ++i) s += static_cast<char>((x = x * 1103515245 + 12345) >> 24);
      return s;
    }();
    const std::string gz = coding::encode(Coding::gzip, incompressible);
    REQUIRE(gz.size() > incompressible.size());  // stored blocks: the coded body is the larger
    auto r = answer("Content-Encoding: gzip\r\n", gz, incompressible.size());
    REQUIRE(r.body_truncated);
    REQUIRE(decoder.decode(r, incompressible.size()));
    CHECK(r.body_truncated);
    CHECK(r.body.size() < incompressible.size());
    CHECK(incompressible.compare(0, r.body.size(), r.body) == 0);
  }
  SECTION("a bomb: 64 MiB of zeros in about 64 KiB of gzip") {
    const std::string bomb = test::gzip_bomb(64);
    REQUIRE(bomb.size() < 100 * 1024);
    constexpr std::size_t cap = 4 * 1024 * 1024;
    auto r = answer("Content-Encoding: gzip\r\n", bomb, cap);
    const auto start = std::chrono::steady_clock::now();
    REQUIRE(decoder.decode(r, cap));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    CHECK(r.body.size() == cap);
    CHECK(r.body_truncated);
    CHECK(r.body_bytes == bomb.size());  // what came on the wire is still what is counted as read
  }
}
