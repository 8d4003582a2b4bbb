// `rollcall import-har FILE.har --persona NAME -o OUT.yaml`: a login
// recorded in a browser becomes a scenario (src/har/), written beside an
// accounts file with its header only, and validated by the loader that
// `rollcall validate` runs before anything is said to have worked.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/command.hpp"
#include "common/exit_code.hpp"
#include "har/correlation.hpp"
#include "har/har_file.hpp"
#include "har/journey_shape.hpp"
#include "har/scenario_writer.hpp"
#include "scenario/loader.hpp"

namespace rollcall::cli {

namespace {

namespace fs = std::filesystem;

struct ImportArgs {
  std::string file;
  std::string persona;
  std::vector<std::string> hosts;
  bool keep_assets = false;
  std::string out;
};

int refuse(const std::string& where, const std::string& what) {
  fmt::print(stderr, "{}: {}\n", where, what);
  return exit_code::usage;
}

bool valid_persona(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '-' && c != '_') return false;
  return true;
}

bool write_text(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  return static_cast<bool>(f.flush());
}

// The accounts file the user filled in after an earlier import is kept:
// importing again must not lose it.
bool has_accounts(const fs::path& csv) {
  std::ifstream f(csv);
  std::string header, row;
  if (!std::getline(f, header) || header.find("username") == std::string::npos) return false;
  while (std::getline(f, row))
    if (!row.empty() && row != "\r") return true;
  return false;
}

// The loader refuses an accounts file without rows, and the file is
// written without any: the check reads a stand-in row instead.
std::vector<std::string> validate_written(const fs::path& scenario_path, const std::string& persona) {
  char temp[] = "/tmp/rollcall-import-XXXXXX";
  const int fd = ::mkstemp(temp);
  std::vector<std::string> problems;
  if (fd < 0) return {"cannot create a temporary file to check the scenario"};
  ::close(fd);
  write_text(temp, "username,password\nplaceholder,placeholder\n");
  scenario::LoadOptions options;
  options.feeder_files[persona] = temp;
  const auto loaded = scenario::load_scenario(scenario_path.string(), options);
  ::unlink(temp);
  for (const auto& p : loaded.problems) problems.push_back(fmt::format("{}: {}", p.where.str(), p.message));
  if (problems.empty() && !loaded.scenario) problems.push_back("the loader gave no scenario");
  return problems;
}

int import_har(const ImportArgs& args) {
  if (!valid_persona(args.persona))
    return refuse("--persona", "expected a persona name of letters, digits, '-' and '_' (such as student)");
  const fs::path out(args.out);
  if (out.extension() != ".yaml" && out.extension() != ".yml")
    return refuse(args.out, "expected the scenario's file name, ending in .yaml");
  const fs::path csv = fs::path(out).replace_extension(".csv");

  har::Recording recording;
  har::Journey journey;
  har::Correlation correlation;
  try {
    recording = har::read_har_file(args.file);
    journey = har::shape_journey(recording, {args.hosts, args.keep_assets});
    correlation = har::correlate(journey);
  } catch (const har::HarError& e) {
    return refuse(args.file, e.what());
  }

  har::WriterInput input;
  input.persona = args.persona;
  input.feeder_file = csv.filename().string();
  input.har_name = fs::path(args.file).filename().string();
  input.recorded_entries = recording.entries.size();
  input.notes = recording.notes;
  const std::string yaml = har::write_scenario(journey, correlation, input);
  // The last guard: nothing recorded that is a secret reaches the file.
  if (har::scenario_holds_recorded_secret(yaml, correlation.secrets)) {
    fmt::print(stderr, "rollcall import-har: a recorded secret would have been written to {}; nothing was "
                       "written (a bug of the importer: please report it)\n", args.out);
    return exit_code::objective_failed;
  }

  if (!out.parent_path().empty() && !fs::is_directory(out.parent_path()))
    return refuse(args.out, "its folder does not exist: expected a path in an existing folder");
  if (!write_text(out, yaml)) return refuse(args.out, "cannot write the file");
  const bool keep_csv = has_accounts(csv);
  if (!keep_csv && !write_text(csv, "username,password\n")) return refuse(csv.string(), "cannot write the file");

  if (const auto problems = validate_written(out, args.persona); !problems.empty()) {
    fmt::print(stderr, "rollcall import-har: the scenario written to {} does not validate (a bug of the importer: "
                       "please report it):\n", args.out);
    for (const auto& p : problems) fmt::print(stderr, "{}\n", p);
    return exit_code::objective_failed;
  }

  std::size_t requests = 0;
  std::vector<std::string> extracted;
  std::size_t forms = 0;
  for (std::size_t s = 0; s < journey.steps.size(); ++s) {
    requests += journey.steps[s].exchanges.size();
    for (const auto& r : correlation.requests[s]) {
      forms += r.is_submit_form;
      for (const auto& e : r.extractions) extracted.push_back(fmt::format("{} ({})", e.variable, e.kind));
    }
  }
  for (const auto& n : recording.notes) fmt::print("note: {}\n", n);
  std::string list;
  for (const auto& e : extracted) list += (list.empty() ? "" : ", ") + e;
  fmt::print("wrote {}: persona {}, {} steps, {} requests, {} submit_form, {} extractions{}{}\n", args.out,
             args.persona, journey.steps.size(), requests, forms, extracted.size(), list.empty() ? "" : ": ", list);
  if (keep_csv)
    fmt::print("kept {}: it already holds accounts\n", csv.string());
  else
    fmt::print("wrote {}: the header only (username,password); add one row per account, or give "
               "--feeder {}=FILE\n", csv.string(), args.persona);
  fmt::print("next: rollcall try {} --feeder {}=ACCOUNTS.csv\n", args.out, args.persona);
  return exit_code::ok;
}

}  // namespace

void add_import_har_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("import-har", "Turn a login recorded in a browser (HAR) into a scenario");
  auto args = std::make_shared<ImportArgs>();
  cmd->add_option("file", args->file, "HAR file saved by the browser's network tab")->required();
  cmd->add_option("--persona", args->persona, "Persona name of the journey (such as student)")->required();
  cmd->add_option("--host", args->hosts,
                  "Host whose requests are kept (repeatable); default: the first page's host and those its "
                  "redirects lead to");
  cmd->add_flag("--keep-assets", args->keep_assets, "Keep scripts, styles, images and fonts too");
  cmd->add_option("-o,--output", args->out, "Scenario file to write (the accounts CSV is written beside it)")
      ->required();
  cmd->callback([&action, args] { action = [args] { return import_har(*args); }; });
}

}  // namespace rollcall::cli
