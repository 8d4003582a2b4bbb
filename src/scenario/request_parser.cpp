// The request side of a flow: requests, form submissions, their headers,
// bodies, multipart parts, redirect policies and timeouts.
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "scenario/flow_parser.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::scenario {

namespace {

// "GET /docs/${id}.pdf": the report's line for a request without a name,
// the URL as written without its query, so that one page is one line.
std::string default_name(Method method, const std::string& url) {
  return fmt::format("{} {}", method_name(method), url.substr(0, url.find('?')));
}

std::string content_type_for(const std::filesystem::path& path) {
  static const std::vector<std::pair<std::string_view, std::string_view>> types = {
      {".pdf", "application/pdf"}, {".png", "image/png"},        {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},     {".gif", "image/gif"},        {".txt", "text/plain"},
      {".html", "text/html"},      {".json", "application/json"}, {".csv", "text/csv"},
      {".zip", "application/zip"}, {".odt", "application/vnd.oasis.opendocument.text"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
  };
  const std::string ext = path.extension().string();
  for (const auto& [e, type] : types)
    if (e == ext) return std::string(type);
  return "application/octet-stream";
}

bool has_line_break(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

}  // namespace

const Field FlowParser::conflict{};

const Field* FlowParser::one_of(const Fields& fields, const Names& keys, std::string_view rule) {
  const Field* found = nullptr;
  for (const auto& f : fields.all()) {
    if (std::find(keys.begin(), keys.end(), f.key) == keys.end()) continue;
    if (found) {
      reader_.problem_key(f, fmt::format("{}, and this one has '{}' and '{}'", rule, found->key, f.key));
      return &conflict;
    }
    found = &f;
  }
  return found;
}

std::optional<RequestStep> FlowParser::request(const Fields& fields, const Field& kind, Method method,
                                               std::vector<Extraction>* deferred) {
  RequestStep r;
  r.method = method;
  bool ok = true;
  if (auto url = compiler_.compile(kind, &scope_, "a URL (absolute, or relative to the target such as /portal)")) {
    const std::string& s = url->source();
    const auto scheme_end = s.find("://");
    if (s.empty()) {
      reader_.problem(kind, "expected a URL (absolute, or relative to the target such as /portal), got nothing");
      ok = false;
    } else if (scheme_end != std::string::npos && s.find_first_of("/?$") > scheme_end && s.compare(0, 4, "http") != 0) {
      reader_.problem(kind, fmt::format("only http:// and https:// URLs can be requested, got '{}'", s));
      ok = false;
    }
    r.url = std::move(*url);
  } else {
    ok = false;
  }
  name_step(fields, r.name);
  if (r.name.empty()) r.name = default_name(method, r.url.source());
  if (const Field* f = fields.find("headers")) r.headers = named_templates(*f, "a map of header names to values", true);
  if (const Field* f = fields.find("query")) r.query = named_templates(*f, "a map of query parameters to values", false);
  ok = body(fields, method, r.body) && ok;
  r.expect = expect(fields);
  if (method == Method::head && (!r.expect.contains.empty() || !r.expect.matches.empty() || !r.expect.json.empty())) {
    reader_.problem(*fields.find("expect"), "a HEAD answer has no body to check: expect a status only, or use get");
    ok = false;
  }
  r.redirects = redirects(fields);
  r.timeout = timeout(fields);
  r.extract = extract(fields);
  if (deferred)
    deferred->insert(deferred->end(), r.extract.begin(), r.extract.end());
  else
    define(r.extract);
  if (!ok) return std::nullopt;
  return r;
}

std::optional<SubmitFormStep> FlowParser::submit_form(const Fields& fields, const Field& kind) {
  SubmitFormStep s;
  auto spec = reader_.map_or_empty(kind, "a form submission: {form, fields, headers}", {"form", "fields", "headers"});
  if (!spec) return std::nullopt;
  if (const Field* f = spec->find("form")) {
    if (f->value.IsScalar() && plain_type(f->value) == PlainType::integer) {
      if (auto n = reader_.integer(*f, "a form: #id, name, or index from 0", 0, 1000)) s.form_selector = std::to_string(*n);
    } else if (auto sel = reader_.text(*f, "a form: #id, name, or index from 0")) {
      if (sel->empty() || *sel == "#")
        reader_.problem(*f, "expected a form: #id, name, or index from 0; got an empty name");
      s.form_selector = *sel;
    }
  }
  if (const Field* f = spec->find("fields")) s.fields = named_templates(*f, "a map of form fields to values", false);
  if (const Field* f = spec->find("headers")) s.headers = named_templates(*f, "a map of header names to values", true);
  name_step(fields, s.name);
  if (s.name.empty()) s.name = s.form_selector.empty() ? "submit_form" : "submit_form " + s.form_selector;
  s.expect = expect(fields);
  s.redirects = redirects(fields);
  s.timeout = timeout(fields);
  s.extract = extract(fields);
  define(s.extract);
  return s;
}

std::vector<NamedTemplate> FlowParser::named_templates(const Field& f, std::string_view expected, bool headers) {
  std::vector<NamedTemplate> out;
  auto fields = reader_.map(f, expected);
  if (!fields) return out;
  for (const auto& entry : fields->all()) {
    if (headers && !compiler_.check_header_name(entry)) continue;
    auto value = compiler_.compile(entry, &scope_, headers ? "a header value" : "a value");
    if (!value) continue;
    if (headers && has_line_break(value->source())) {
      reader_.problem(entry, fmt::format("the value of header '{}' has a line break: a header value is one line",
                                         entry.key));
      continue;
    }
    out.push_back({entry.key, std::move(*value)});
  }
  return out;
}

bool FlowParser::body(const Fields& fields, Method method, Body& out) {
  const Field* given = one_of(fields, {"form", "json", "multipart", "body"}, "a request has one body");
  if (given == &conflict) return false;
  if (!given) return true;
  if (method == Method::get || method == Method::head) {
    reader_.problem_key(*given, fmt::format("a {} request sends no body: use query for parameters, or post",
                                            method_name(method)));
    return false;
  }
  if (given->key == "form") {
    out.kind = Body::Kind::form;
    out.form = named_templates(*given, "a map of form fields to values", false);
    return true;
  }
  if (given->key == "json") {
    out.kind = Body::Kind::json;
    auto t = compiler_.json(*given, &scope_);
    if (t) out.text = std::move(*t);
    return t.has_value();
  }
  if (given->key == "body") {
    out.kind = Body::Kind::raw;
    auto t = compiler_.compile(*given, &scope_, "a body: text");
    if (t) out.text = std::move(*t);
    return t.has_value();
  }
  out.kind = Body::Kind::multipart;
  auto items = reader_.list(*given, "a list of parts: {name, value} or {name, file} or {name, bytes}");
  if (!items) return false;
  bool ok = true;
  for (const auto& i : *items) {
    auto part = multipart_part(i);
    if (part)
      out.parts.push_back(std::move(*part));
    else
      ok = false;
  }
  return ok;
}

std::optional<MultipartPart> FlowParser::multipart_part(const Field& item) {
  auto fields = reader_.map(item, "a part: {name, value} or {name, file} or {name, bytes}",
                            {"name", "value", "file", "bytes", "filename", "content_type"});
  if (!fields) return std::nullopt;
  MultipartPart part;
  const Field* name = fields->find("name");
  if (!name) {
    reader_.missing(item, "name", "a multipart part");
    return std::nullopt;
  }
  if (auto n = reader_.text(*name, "a field name")) part.name = *n;
  const Field* source = one_of(*fields, {"value", "file", "bytes"}, "a part has one content");
  if (source == &conflict) return std::nullopt;
  if (!source) {
    reader_.problem(item, "a part needs one of value (a field), file (a path) or bytes (a generated size such as 300KB)");
    return std::nullopt;
  }
  const Field* filename = fields->find("filename");
  const Field* content_type = fields->find("content_type");
  if (source->key == "value") {
    if (filename || content_type) {
      reader_.problem_key(filename ? *filename : *content_type, "filename and content_type go with file or bytes, not value");
      return std::nullopt;
    }
    auto value = compiler_.compile(*source, &scope_, "a value");
    if (!value) return std::nullopt;
    part.value = std::move(*value);
    return part;
  }
  if (source->key == "file") {
    auto written = reader_.text(*source, "a file path");
    if (!written) return std::nullopt;
    const auto path = context_.resolve(*written);
    part.path = path.string();
    auto& cached = context_.uploads[part.path];
    if (!cached) {
      std::ifstream in(path, std::ios::binary);
      if (!in || std::filesystem::is_directory(path)) {
        reader_.problem(*source, fmt::format("upload file '{}' not found: looked for {}", *written, part.path));
        context_.uploads.erase(part.path);
        return std::nullopt;
      }
      std::ostringstream bytes;
      bytes << in.rdbuf();
      cached = std::make_shared<const std::string>(std::move(bytes).str());
    }
    part.bytes = cached;
    part.filename = path.filename().string();
    part.content_type = content_type_for(path);
  } else {
    auto size = reader_.size(*source);
    if (!size) return std::nullopt;
    part.generated_bytes = *size;
    part.filename = "upload.bin";
  }
  if (filename)
    if (auto f = reader_.text(*filename, "a file name")) part.filename = *f;
  if (content_type)
    if (auto t = reader_.text(*content_type, "a media type such as application/pdf")) part.content_type = *t;
  return part;
}

RedirectPolicy FlowParser::redirects(const Fields& fields) {
  RedirectPolicy out = context_.scenario.defaults.redirects;
  const Field* f = fields.find("redirects");
  if (!f) return out;
  auto spec = reader_.map(*f, "a redirect policy: {follow, max, names}", {"follow", "max", "names"});
  if (!spec) return out;
  if (const Field* follow = spec->find("follow"))
    if (auto b = reader_.boolean(*follow)) out.follow = *b;
  if (const Field* max = spec->find("max"))
    if (auto n = reader_.integer(*max, "a number of redirects from 0 to 100", 0, 100)) out.max = static_cast<unsigned>(*n);
  if (const Field* names = spec->find("names"))
    if (auto items = reader_.list(*names, "a list of names for the hops, such as [cas, service, portal]"))
      for (const auto& i : *items)
        if (auto n = reader_.text(i, "a hop name")) out.hop_names.push_back(*n);
  return out;
}

std::optional<Duration> FlowParser::timeout(const Fields& fields) {
  const Field* f = fields.find("timeout");
  if (!f) return std::nullopt;
  auto d = reader_.duration(*f);
  if (d && d->count() == 0) {
    reader_.problem(*f, "expected a timeout above 0, such as 10s");
    return std::nullopt;
  }
  return d;
}

}  // namespace rollcall::scenario
