#include "engine/parsed_page.hpp"

#include <boost/json/parse.hpp>

namespace rollcall::engine {

const http::HtmlDocument& ParsedPage::html() {
  if (!html_) html_.emplace(response_.body);
  return *html_;
}

const std::vector<http::HtmlForm>& ParsedPage::forms() {
  if (!response_.forms) response_.forms = http::forms_of(html());
  return *response_.forms;
}

std::vector<http::HtmlForm> ParsedPage::take_forms() {
  forms();
  std::vector<http::HtmlForm> taken = std::move(*response_.forms);
  response_.forms.reset();
  return taken;
}

const boost::json::value* ParsedPage::json() {
  if (!json_tried_) {
    json_tried_ = true;
    boost::system::error_code ec;
    auto v = boost::json::parse(response_.body, ec);
    if (!ec) json_ = std::move(v);
  }
  return json_ ? &*json_ : nullptr;
}

}  // namespace rollcall::engine
