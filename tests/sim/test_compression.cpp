#include <catch2/catch.hpp>

#include "common/content_coding.hpp"
#include "sim/compression.hpp"

using namespace rollcall;

TEST_CASE("sim: the coding is br when the request accepts it, else gzip") {
  CHECK(sim::pick_coding("gzip, deflate, br") == "br");
  CHECK(sim::pick_coding("gzip, deflate") == "gzip");
  CHECK(sim::pick_coding("x-gzip") == "gzip");
  CHECK(sim::pick_coding("br;q=0, gzip;q=0.5") == "gzip");
  CHECK(sim::pick_coding("BR ; q=1.0") == "br");
  CHECK(sim::pick_coding("gzip;q=0.000") == "");
  CHECK(sim::pick_coding("identity") == "");
  CHECK(sim::pick_coding("deflate") == "");
  CHECK(sim::pick_coding("") == "");
}

TEST_CASE("sim: HTML and JSON answers are compressed, other answers are not") {
  std::string page = "<html><body>";
  for (int i = 0; i < 100; ++i) page += "<p>Emploi du temps de la semaine</p>";
  page += "</body></html>";

  sim::Response html;
  html.body = page;
  sim::compress(html, "gzip, deflate, br");
  CHECK(html.body.size() < page.size() / 4);
  REQUIRE(html.headers.size() == 2);
  CHECK(html.headers[0].first == "Content-Encoding");
  CHECK(html.headers[0].second == "br");
  CHECK(html.headers[1].first == "Vary");
  coding::Decoder decoder;
  std::string decoded;
  REQUIRE(decoder.decode(coding::Coding::br, html.body, decoded, 1 << 20) == coding::DecodeEnd::complete);
  CHECK(decoded == page);

  const std::string shared = "{\"messages\": [\"" + std::string(200, 'x') + "\"]}";
  sim::Response json;
  json.content_type = "application/json";
  json.shared_body = &shared;
  sim::compress(json, "gzip");
  CHECK(json.shared_body == nullptr);
  REQUIRE(decoder.decode(coding::Coding::gzip, json.body, decoded, 1 << 20) == coding::DecodeEnd::complete);
  CHECK(decoded == shared);

  sim::Response pdf;
  pdf.content_type = "application/pdf";
  pdf.body = page;
  sim::compress(pdf, "gzip, br");
  CHECK(pdf.body == page);
  CHECK(pdf.headers.empty());

  sim::Response tiny;
  tiny.body = "<p>ok</p>";
  sim::compress(tiny, "gzip, br");
  CHECK(tiny.body == "<p>ok</p>");

  sim::Response not_asked;
  not_asked.body = page;
  sim::compress(not_asked, "identity");
  CHECK(not_asked.body == page);
}
