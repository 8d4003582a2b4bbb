#pragma once
// A virtual user's request, rendered from the scenario's templates: method,
// absolute URL, headers, body, and finally the bytes on the wire with the
// user's cookies for that URL.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/spare_bodies.hpp"
#include "http/cookie_jar.hpp"
#include "http/html_forms.hpp"
#include "http/proxy.hpp"
#include "http/url.hpp"
#include "scenario/model.hpp"

namespace rollcall::engine {

class RequestText {
 public:
  // With `spare`, the body's storage is borrowed from the lane's pool and
  // given back when the request is done.
  RequestText(const scenario::Scenario& scenario, const scenario::RenderContext& context,
              SpareBodies* spare = nullptr)
      : scenario_(scenario), context_(context), spare_(spare) {
    if (spare_) body_ = spare_->take();
  }
  ~RequestText() {
    if (spare_) spare_->give_back(std::move(body_));
  }
  RequestText(const RequestText&) = delete;
  RequestText& operator=(const RequestText&) = delete;

  // Renders a request step; a relative URL is resolved against the
  // scenario's target. False when a variable is unset (`missing`) or the
  // URL is not one (`problem`).
  bool build(const scenario::RequestStep& step);
  // Builds the submission of `form` found on the page at `page_url`: every
  // field it has, the step's fields filled in, to its action with its method.
  bool build_form(const scenario::SubmitFormStep& step, const http::HtmlForm& form, const std::string& page_url);
  // Follows a redirect: 303, and 301/302 after a POST, become a GET without
  // body, as browsers do; 307 and 308 keep method and body. Authorization
  // and Cookie headers the scenario sets are dropped on the way to another
  // origin. False (`problem` says why) when the URL is not one to follow:
  // another scheme (myapp://, ftp:), port 0, a host that is not a name.
  bool redirect_to(std::string next_url, unsigned status);
  // Serializes the request into `bytes`, with the cookies that apply.
  // Through a proxy (`forward`, plain http only), the request line carries
  // the absolute URL and the proxy's credentials go along.
  void finish(http::CookieJar& cookies, const http::Proxy* forward = nullptr);
  std::string_view path() const;  // the URL's path, for cookie matching
  const std::string& body() const { return body_; }

  std::string method;
  std::string url;
  http::Target target;
  std::string bytes;    // request line and headers; the body goes beside them
  std::optional<scenario::VariableId> missing;
  std::string problem;

 private:
  bool render(const scenario::Template& t, std::string& out);
  bool set_url(std::string absolute, std::string_view shown);
  bool add_headers(const std::vector<scenario::NamedTemplate>& step_headers);
  bool render_body(const scenario::Body& body);

  const scenario::Scenario& scenario_;
  const scenario::RenderContext& context_;
  SpareBodies* spare_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
  std::string content_type_;
};

}  // namespace rollcall::engine
