#include "scenario/feeder.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "common/secret_names.hpp"
#include "scenario/suggest.hpp"

namespace rollcall::scenario {

bool is_secret_column(std::string_view name) { return looks_secret(name); }

namespace {

// `path` is where the file is; `written` how the user gave it (the
// scenario's text, or "--feeder student=FILE").
std::shared_ptr<const CsvTable> read_table(LoadContext& context, const Field& file_field, const std::string& written,
                                           const std::filesystem::path& path) {
  Reader& reader = context.reader;
  const std::string shown = path.string();
  if (auto it = context.feeders.find(shown); it != context.feeders.end()) return it->second;
  auto& cached = context.feeders[shown];

  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    reader.problem(file_field, fmt::format("feeder file '{}' not found: looked for {}", written, shown));
    return nullptr;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path, ec)) {
    reader.problem(file_field, fmt::format("cannot read feeder file {}", shown));
    return nullptr;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = parse_csv(text.str());
  if (parsed.header_only && context.allow_header_only_feeders) {
    const CsvProblem& p = parsed.problems.front();
    context.warnings.push_back(
        {Location{shown, p.line, p.column},
         "the file has a header but no rows: fill in one row per account (or give --feeder with a filled-in file) "
         "before try, run or capacity, which refuse it as it is"});
    parsed.problems.clear();
  }
  if (!parsed.problems.empty()) {
    const Location named_at = reader.where(file_field);
    for (auto& p : parsed.problems)
      reader.problems().add_elsewhere(Location{shown, p.line, p.column}, std::move(p.message), named_at);
    return nullptr;
  }
  cached = std::make_shared<const CsvTable>(std::move(parsed.table));
  return cached;
}

}  // namespace

std::optional<Feeder> load_feeder(LoadContext& context, const Field& f, const std::string& persona) {
  Reader& reader = context.reader;
  auto fields = reader.map(f, "a feeder: {file, mode, secret}", {"file", "mode", "secret"});
  if (!fields) return std::nullopt;
  Feeder feeder;
  feeder.where = reader.where(f);
  const Field* file = fields->find("file");
  if (!file) {
    reader.missing(f, "file", "a feeder (the CSV file of accounts)");
    return std::nullopt;
  }
  bool ok = true;
  if (const Field* mode = fields->find("mode")) {
    auto m = reader.text(*mode, "a mode: unique, cycle or random");
    if (m && *m == "unique") feeder.mode = Feeder::Mode::unique;
    else if (m && *m == "cycle") feeder.mode = Feeder::Mode::cycle;
    else if (m && *m == "random") feeder.mode = Feeder::Mode::random;
    else {
      if (m) reader.problem(*mode, fmt::format("expected a mode: unique (each row once), cycle or random; got '{}'", *m));
      ok = false;
    }
  }
  auto written = reader.text(*file, "a CSV file path");
  if (!written) return std::nullopt;
  std::filesystem::path path = context.resolve(*written);
  if (auto swapped = context.feeder_files.find(persona); swapped != context.feeder_files.end()) {
    path = std::filesystem::path(swapped->second).lexically_normal();
    written = fmt::format("--feeder {}={}", persona, swapped->second);
  }
  feeder.path = path.string();
  auto table = read_table(context, *file, *written, path);
  if (!table) return std::nullopt;

  feeder.columns = table->header;
  feeder.rows = std::shared_ptr<const std::vector<std::vector<std::string>>>(table, &table->rows);
  for (const auto& c : feeder.columns) {
    feeder.column_ids.push_back(context.compiler.symbols().intern(c));
    feeder.secret.push_back(is_secret_column(c));
  }
  if (const Field* secret = fields->find("secret")) {
    // Columns the names do not give away (a date of birth used as a password).
    for (const auto& i : reader.one_or_more(*secret, "a column name")) {
      auto name = reader.text(i, "a column name");
      if (!name) continue;
      auto it = std::find(feeder.columns.begin(), feeder.columns.end(), *name);
      if (it == feeder.columns.end()) {
        std::vector<std::string_view> columns(feeder.columns.begin(), feeder.columns.end());
        reader.problem(i, fmt::format("'{}' is not a column of {} ({})", *name, *written, join_names(columns)));
        ok = false;
        continue;
      }
      feeder.secret[static_cast<std::size_t>(it - feeder.columns.begin())] = true;
    }
  }
  for (std::size_t i = 0; i < feeder.columns.size(); ++i)
    if (feeder.secret[i]) context.secret_names.insert(feeder.columns[i]);
  if (!ok) return std::nullopt;
  return feeder;
}

}  // namespace rollcall::scenario
