#include "report/results_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <stdexcept>
#include <system_error>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include "metrics/hlog.hpp"
#include "report/redact.hpp"
#include "report/results_json.hpp"

namespace rollcall::report {

namespace json = boost::json;

ResultsStreamWriter::ResultsStreamWriter(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), path);
}

ResultsStreamWriter::~ResultsStreamWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void ResultsStreamWriter::append(std::string_view type, json::object record) {
  json::object line;
  line["type"] = type;
  for (auto& kv : record) line[kv.key()] = std::move(kv.value());
  std::string text = json::serialize(line);
  text += '\n';
  // One write per line: with O_APPEND a reader (or a crash) sees whole lines,
  // except for a torn one at the very end.
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), path_);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0 && errno != EINVAL) throw std::system_error(errno, std::generic_category(), path_);
}

void ResultsStreamWriter::write_run(const RunInfo& run) {
  auto record = to_json(run);
  // Whoever filled RunInfo, no secret reaches the disk.
  record["config"] = redact(run.config);
  record["schema"] = results_stream_schema;
  append("run", std::move(record));
}

void ResultsStreamWriter::write_interval(const Interval& interval) { append("interval", to_json(interval)); }

void ResultsStreamWriter::write_capacity_step(const CapacityStep& step) { append("capacity_step", to_json(step)); }

void ResultsStreamWriter::write_saturation(const Saturation& saturation) {
  append("saturation", to_json(saturation));
}

void ResultsStreamWriter::write_objectives(const std::vector<Objective>& objectives) {
  json::array list;
  for (const auto& o : objectives) list.push_back(to_json(o));
  append("objectives", json::object{{"objectives", std::move(list)}});
}

void ResultsStreamWriter::write_end(const RunEnd& end) { append("end", to_json(end)); }

namespace {

void apply(Results& r, const json::object& record, bool first) {
  const auto* type = record.if_contains("type");
  const std::string_view t = type && type->is_string() ? std::string_view(type->get_string()) : std::string_view();
  if (first && t != "run")
    throw std::runtime_error("not a rollcall results stream: the first record must be the \"run\" record");
  if (t.empty()) throw std::runtime_error("record has no \"type\"");
  if (t == "run") {
    const auto* schema = record.if_contains("schema");
    if (!schema || !schema->is_string() || !std::string_view(schema->get_string()).starts_with("rollcall.results/"))
      throw std::runtime_error("not a rollcall results stream (no \"schema\": \"rollcall.results/1\")");
    r.run = run_info_from_json(record);
  } else if (t == "interval") {
    r.intervals.push_back(interval_from_json(record));
  } else if (t == "capacity_step") {
    r.capacity_steps.push_back(capacity_step_from_json(record));
  } else if (t == "saturation") {
    r.saturation = saturation_from_json(record);
  } else if (t == "objectives") {
    r.objectives.clear();
    if (const auto* list = record.if_contains("objectives"); list && list->is_array())
      for (const auto& o : list->get_array())
        if (o.is_object()) r.objectives.push_back(objective_from_json(o.get_object()));
  } else if (t == "end") {
    r.end = run_end_from_json(record);
  }
}

}  // namespace

Results read_results_stream(std::istream& in) {
  Results r;
  std::string line;
  std::size_t number = 0;
  bool seen_run = false;
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    try {
      json::value v = json::parse(line);
      if (!v.is_object()) throw std::runtime_error("not a JSON object");
      // A last line that parses without its newline lost only the newline: kept.
      apply(r, v.get_object(), !seen_run);
      seen_run = true;
    } catch (const std::exception& e) {
      // Only the last line can be torn by a crash; whatever follows it tells.
      std::string rest;
      bool more = false;
      while (std::getline(in, rest))
        if (rest.find_first_not_of(" \t\r") != std::string::npos && rest.find_first_not_of('\0') != std::string::npos) more = true;
      if (more || number == 1)
        throw std::runtime_error(fmt::format("results stream line {}: {}", number, e.what()));
      r.truncated_tail = true;
      break;
    }
  }
  if (!seen_run) throw std::runtime_error("results stream has no \"run\" record: not a rollcall results stream");
  compute_totals(r);
  return r;
}

Results read_results_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot open", path));
  try {
    return read_results_stream(in);
  } catch (const std::runtime_error& e) {
    throw std::runtime_error(fmt::format("{}: {}", path, e.what()));
  }
}

}  // namespace rollcall::report
