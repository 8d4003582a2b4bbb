#include "scenario/loader.hpp"

#include <fstream>
#include <numeric>
#include <sstream>

#include <fmt/format.h>

#include "common/secret_names.hpp"
#include "common/usage_error.hpp"
#include "scenario/behaviour_parser.hpp"
#include "scenario/feeder.hpp"
#include "scenario/suggest.hpp"
#include "scenario/flow_analysis.hpp"
#include "scenario/flow_parser.hpp"
#include "scenario/load_parser.hpp"
#include "scenario/objectives_parser.hpp"
#include "scenario/population_parser.hpp"
#include "scenario/profile_parser.hpp"
#include "scenario/utf8.hpp"
#include "scenario/yaml_shape.hpp"

namespace rollcall::scenario {

namespace {

const Names top_keys = {"target", "description", "defaults", "personas", "load", "slo", "population", "admission"};
const Names persona_keys = {"weight", "feeder", "think", "flow", "on_failure", "arrival"};
const Names default_keys = {"headers", "timeout", "connect_timeout", "think", "max_redirects", "follow_redirects",
                            "max_connections_per_host"};

// The comment block at the top of the file, as its description.
std::string leading_comment(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != '#') break;
    const auto words = line.find_first_not_of("# \t\r");
    if (words == std::string::npos) continue;  // a "#" line between paragraphs
    if (!out.empty()) out += ' ';
    out += line.substr(words);
  }
  while (!out.empty() && (out.back() == '\r' || out.back() == ' ')) out.pop_back();
  return out;
}

bool valid_persona_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

class Loader {
 public:
  Loader(const std::string& path, std::string text, const LoadOptions& options)
      : source_(path, std::move(text)),
        reader_(source_, problems_),
        compiler_(reader_, scenario_.symbols),
        context_{reader_, compiler_, scenario_, std::filesystem::path(path).parent_path(), {}, options.feeder_files, {}, {},
                 options.allow_header_only_feeders, {}},
        options_(options) {
    scenario_.file = path;
  }

  LoadResult run() {
    LoadResult result;
    if (auto bad = invalid_utf8(source_.text()); bad != std::string::npos) {
      // yaml-cpp would read on and quote the bytes in its messages.
      problems_.add(source_.at_byte(bad), "not UTF-8: save the file as UTF-8");
      result.problems = problems_.take();
      return result;
    }
    if (auto shape = yaml_shape_problem(source_)) {
      problems_.add(shape->where, std::move(shape->message));
      result.problems = problems_.take();
      return result;
    }
    YAML::Node root;
    try {
      root = YAML::Load(source_.text());
    } catch (const YAML::Exception& e) {
      problems_.add(source_.at(e.mark), fmt::format("not valid YAML: {}", e.msg));
      result.problems = problems_.take();
      return result;
    }
    if (!root.IsDefined() || root.IsNull()) {
      problems_.add({source_.file(), 1, 1}, "the file is empty: expected a scenario, a map with target and personas");
    } else {
      top(root);
    }
    result.problems = problems_.take();
    result.warnings = std::move(context_.warnings);
    if (result.problems.empty()) result.scenario = std::move(scenario_);
    return result;
  }

 private:
  void top(const YAML::Node& root) {
    const Field file = item(root);
    auto fields = reader_.map(file, "the scenario (a map with target, defaults and personas)", top_keys);
    if (!fields) return;

    scenario_.description = leading_comment(source_.text());
    if (const Field* d = fields->find("description"))
      if (auto text = reader_.text(*d, "a description")) scenario_.description = *text;
    target(*fields, file);
    if (const Field* d = fields->find("defaults")) defaults(*d);
    if (const Field* a = fields->find("admission"))
      if (auto admission = parse_admission(reader_, compiler_, *a)) scenario_.admission = std::move(*admission);
    if (const Field* l = fields->find("load")) scenario_.load = parse_load(reader_, *l, context_.dir);
    if (const Field* p = fields->find("population")) scenario_.population = parse_population(reader_, *p);
    if (const Field* p = fields->find("personas")) {
      personas(*p);
      check_feeder_files(*p);
    } else
      reader_.missing(file, "personas", "the scenario (who the users are and what they do)");
    // Objectives name steps and personas: read once the flows are.
    if (const Field* o = fields->find("slo")) {
      ObjectiveNames names;
      for (const auto& persona : scenario_.personas) {
        names.personas.push_back(persona.name);
        names.steps_of.push_back(step_names(persona.flow));
        for (const auto& step : names.steps_of.back()) names.steps.push_back(step);
      }
      if (auto objectives = parse_slo(reader_, *o, names)) scenario_.objectives = std::move(*objectives);
    }

    // Secret: what the scenario says is (feeder columns, `secret: true`
    // extractions) and any variable named like a secret (an extracted
    // `execution` or `ticket`).
    std::vector<bool> secret(scenario_.symbols.size(), false);
    for (const auto& name : context_.secret_names)
      if (const auto* id = scenario_.symbols.find(name)) secret[*id] = true;
    for (VariableId id = 0; id < scenario_.symbols.size(); ++id)
      if (looks_secret(scenario_.symbols.name(id))) secret[id] = true;
    scenario_.secret_variables = std::move(secret);
  }

  void target(const Fields& fields, const Field& file) {
    const Field* t = fields.find("target");
    if (options_.target_override) {
      const Location at = t ? reader_.where(*t) : Location{source_.file(), 1, 1};
      set_target(*options_.target_override, at, "--target");
      return;
    }
    if (!t) {
      reader_.missing(file, "target", "the scenario (the base URL, such as https://ent.example.fr/)");
      return;
    }
    if (auto url = reader_.text(*t, "a base URL such as https://ent.example.fr/")) set_target(*url, reader_.where(*t), "target");
  }

  void set_target(const std::string& url, const Location& at, std::string_view what) {
    try {
      scenario_.target = http::parse_target(url);
      scenario_.target_url = url;
    } catch (const UsageError& e) {
      problems_.add(at, fmt::format("{}: {}", what, e.what()));
    }
  }

  void defaults(const Field& f) {
    auto fields = reader_.map(f, "defaults", default_keys);
    if (!fields) return;
    auto& d = scenario_.defaults;
    if (const Field* h = fields->find("headers")) {
      auto entries = reader_.map(*h, "a map of header names to values");
      if (entries)
        for (const auto& entry : entries->all()) {
          if (!compiler_.check_header_name(entry)) continue;
          // No persona yet: the variables these read are checked against each persona.
          if (auto value = compiler_.compile(entry, nullptr, "a header value")) d.headers.push_back({entry.key, *value});
        }
      default_reads_ = std::move(compiler_.unscoped_reads);
      compiler_.unscoped_reads.clear();
    }
    auto positive = [&](const char* key, Duration& out) {
      if (const Field* t = fields->find(key))
        if (auto v = reader_.duration(*t)) {
          if (v->count() > 0)
            out = *v;
          else
            reader_.problem(*t, fmt::format("expected a {} above 0, such as 10s", key));
        }
    };
    positive("timeout", d.timeout);
    positive("connect_timeout", d.connect_timeout);
    if (const Field* t = fields->find("think"))
      if (auto think = reader_.think(*t)) d.think = *think;
    if (const Field* m = fields->find("max_redirects"))
      if (auto n = reader_.integer(*m, "a number of redirects from 0 to 100", 0, 100)) d.redirects.max = static_cast<unsigned>(*n);
    if (const Field* fr = fields->find("follow_redirects"))
      if (auto b = reader_.boolean(*fr)) d.redirects.follow = *b;
    if (const Field* c = fields->find("max_connections_per_host"))
      if (auto n = reader_.integer(*c, "a number of connections from 1 to 64", 1, 64))
        d.max_connections_per_host = static_cast<unsigned>(*n);
  }

  void personas(const Field& f) {
    auto fields = reader_.map(f, "a map of persona names to personas");
    if (!fields) return;
    if (fields->all().empty()) {
      reader_.problem(f, "no personas: expected at least one, such as student: {flow: [...]}");
      return;
    }
    double total = 0;
    bool weights_ok = true;
    for (const auto& entry : fields->all()) {
      auto p = persona(entry, weights_ok);
      if (!p) continue;
      total += p->weight;
      scenario_.personas.push_back(std::move(*p));
    }
    if (weights_ok && total <= 0 && scenario_.personas.size() == fields->all().size())
      reader_.problem(f, "the personas' weights sum to 0: give at least one a weight above 0");
  }

  // Every --feeder names a persona that has a feeder to replace.
  void check_feeder_files(const Field& personas) {
    for (const auto& [name, file] : options_.feeder_files) {
      const auto known = persona_feeders_.find(name);
      if (known == persona_feeders_.end()) {
        std::vector<std::string_view> names;
        for (const auto& [n, has_feeder] : persona_feeders_) names.push_back(n);
        reader_.problem(personas, fmt::format("--feeder {}={}: the scenario has no persona '{}' (personas: {})", name,
                                              file, name, join_names(names)));
      } else if (!known->second) {
        reader_.problem(personas, fmt::format("--feeder {}={}: persona '{}' has no feeder to replace: give it "
                                              "`feeder: {{file: ...}}` in the scenario", name, file, name));
      }
    }
  }

  std::optional<Persona> persona(const Field& entry, bool& weights_ok) {
    Persona p;
    p.name = entry.key;
    p.where = reader_.where_key(entry);
    bool ok = true;
    if (!valid_persona_name(p.name)) {
      reader_.problem_key(entry, fmt::format("'{}' is not a persona name: letters, digits, '-' and '_'", p.name));
      ok = false;
    }
    const std::string in = fmt::format("persona '{}'", p.name);
    auto fields = reader_.map(entry, fmt::format("{}: a map with weight, feeder, think and flow", in), persona_keys);
    if (!fields) return std::nullopt;

    if (const Field* w = fields->find("weight")) {
      auto weight = reader_.number(*w, "a weight: a share of arrivals, 0 or more, such as 80");
      if (weight && *weight < 0) {
        reader_.problem(*w, fmt::format("expected a weight of 0 or more, got {}", *weight));
        weight.reset();
      }
      if (weight)
        p.weight = *weight;
      else
        weights_ok = ok = false;
    }
    if (const Field* t = fields->find("think")) {
      p.think = reader_.think(*t);
      ok = ok && p.think.has_value();
    }
    std::vector<std::string> columns;
    std::string feeder_file;
    persona_feeders_[p.name] = fields->find("feeder") != nullptr;
    if (const Field* fd = fields->find("feeder")) {
      p.feeder = load_feeder(context_, *fd, p.name);
      if (p.feeder) {
        columns = p.feeder->columns;
        feeder_file = std::filesystem::path(p.feeder->path).filename().string();
      } else {
        ok = false;
      }
    }
    Scope scope(p.name, columns, feeder_file);
    // Default headers go with every request, from the first.
    for (const auto& [name, at] : default_reads_) scope.read(name, at);
    const Field* flow = fields->find("flow");
    if (!flow) {
      reader_.missing(entry, "flow", fmt::format("{} (the steps of its journey)", in));
      return std::nullopt;
    }
    const std::size_t before = problems_.count();
    FlowParser parser(context_, scope);
    p.flow = parser.steps(*flow, fmt::format("the flow of {}", in));
    const bool flow_read = problems_.count() == before;
    // With a broken feeder its columns are unknown, and with a step left out
    // the flow is not what was written: what would follow from them is not
    // told, lest it be wrong.
    Problems silenced;
    const bool feeder_broken = fields->find("feeder") && !p.feeder;
    scope.report(feeder_broken ? silenced : problems_);
    analyse_flow(p, flow_read ? problems_ : silenced);
    if (const Field* a = fields->find("arrival")) {
      p.arrival = parse_arrival(reader_, *a, context_.dir);
      ok = ok && p.arrival.has_value();
    }
    if (const Field* of = fields->find("on_failure"); of && flow_read) {
      if (auto policy = parse_on_failure(reader_, *of, step_names(p.flow)))
        p.on_failure = std::move(*policy);
    }
    if (!ok || problems_.count() != before) return std::nullopt;
    return p;
  }

  Problems problems_;
  Scenario scenario_;
  SourceText source_;
  Reader reader_;
  Compiler compiler_;
  LoadContext context_;
  const LoadOptions& options_;
  std::vector<std::pair<std::string, Location>> default_reads_;
  std::map<std::string, bool> persona_feeders_;  // every persona read: whether it has a feeder
};

}  // namespace

LoadResult load_scenario(const std::string& path, const LoadOptions& options) {
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path, ec)) {
    LoadResult result;
    const bool exists = std::filesystem::exists(path, ec);
    result.problems.push_back({{path, 1, 1}, exists ? "cannot read the scenario file" : "no such scenario file"});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return Loader(path, std::move(text).str(), options).run();
}

}  // namespace rollcall::scenario
