// The HAR importer (src/har): any bytes give a scenario's text or a
// HarError, never a crash or another exception; and a password the
// recording posted is never in the scenario written. Everything happens in
// memory: parse_har, shape_journey, correlate, write_scenario.
//
// A password is said to be written when the scenario holds it and the same
// recording with that password replaced (everywhere the importer could read
// it) gives a scenario without it: a short or common value ("flow",
// "127.0.0.1") may sit in the text for reasons of its own.
#include <exception>
#include <string>
#include <vector>

#include "fuzz_check.hpp"
#include "har/correlation.hpp"
#include "har/har_file.hpp"
#include "har/journey_shape.hpp"
#include "har/scenario_writer.hpp"

using namespace rollcall;

namespace {

std::string imported(const har::Recording& recording) {
  const har::Journey journey = har::shape_journey(recording, {});
  const har::Correlation correlation = har::correlate(journey);
  return har::write_scenario(journey, correlation, {"student", "student.csv", "fuzz.har", recording.entries.size(), recording.notes});
}

// The values of the fields posted under a password's name.
std::vector<std::string> posted_passwords(const har::Recording& recording) {
  std::vector<std::string> out;
  for (const auto& e : recording.entries)
    for (const auto& [name, value] : e.post_params)
      if (value.size() >= 4 && har::looks_like_password_field(name)) out.push_back(value);
  return out;
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// The recording with `secret` replaced by `stand_in` wherever a value the
// importer reads could hold it.
har::Recording without(har::Recording recording, const std::string& secret, const std::string& stand_in) {
  auto in_pairs = [&](std::vector<har::NameValue>& pairs) {
    for (auto& [name, value] : pairs) replace_all(value, secret, stand_in);
  };
  for (auto& e : recording.entries) {
    replace_all(e.url, secret, stand_in);
    replace_all(e.post_text, secret, stand_in);
    replace_all(e.body, secret, stand_in);
    replace_all(e.redirect_url, secret, stand_in);
    in_pairs(e.post_params);
    in_pairs(e.request_headers);
    in_pairs(e.request_cookies);
    in_pairs(e.response_headers);
    in_pairs(e.response_cookies);
  }
  return recording;
}

}  // namespace

int fuzz_har(const std::uint8_t* data, std::size_t size) {
  har::Recording recording;
  std::string yaml;
  try {
    recording = har::parse_har(fuzz::as_text(data, size));
    yaml = imported(recording);
  } catch (const har::HarError& e) {
    fuzz::check(std::string_view(e.what()).size() > 0, "a HarError without a message");
    return 0;
  } catch (const std::exception& e) {
    fuzz::invariant_broken(std::string("threw something else than HarError: ") + e.what());
  }
  fuzz::check(yaml.starts_with("# Imported by `rollcall import-har`"), "a scenario without its header comment");
  for (const auto& password : posted_passwords(recording)) {
    if (yaml.find(password) == std::string::npos) continue;
    std::string stand_in(password.size(), '\x1f');
    std::string again;
    try {
      again = imported(without(recording, password, stand_in));
    } catch (const std::exception&) {
      continue;  // the stand-in changed what the recording says: no verdict
    }
    fuzz::check(again.find(password) != std::string::npos, "a posted password is in the scenario written");
  }
  return 0;
}

#ifdef ROLLCALL_LIBFUZZER
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) { return fuzz_har(data, size); }
#endif
