#pragma once
// The verdict of a capacity search told the same way by every output: the
// console summary, summary.json, junit.xml and report.html all build their
// sentences about the objectives, the limiting step's reason, the knee, a
// moving capacity and the USL fit here, from the records (results.hpp).
// English is the console's words (capacity_result.hpp); French translates
// them.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "capacity/capacity_result.hpp"
#include "report/report_strings.hpp"
#include "report/results.hpp"

namespace rollcall::report {

// Replaces {name} in a translated pattern. The patterns are ours; values
// from the results are escaped by the caller when it writes HTML.
std::string fill(std::string_view pattern, std::initializer_list<std::pair<std::string_view, std::string>> values);

// A rate as the verdict's sentences write it: 4 significant digits ("31.25").
std::string rate_text(const Strings& s, double rate);

// "901 ms", "1.63 s", "0.12%": an objective's value in its record's unit.
std::string objective_value(const Strings& s, double value, std::string_view unit);
// "901 ms [812 ms – 1.02 s], 412 samples": the value, its confidence
// interval when it has one, and the samples it rests on when known.
std::string reading_text(const Strings& s, const ObjectiveReading& r, std::string_view unit);
// "errors < 1% (errors)": the objective as written, and what the verdict
// calls it when the text does not already say it.
std::string objective_label(const Objective& o);
// "met", "NOT MET", "no data: not met".
std::string_view status_text(const Strings& s, std::string_view status);
// The objective's bound: "< 1 s".
std::string bound_text(const Strings& s, const Objective& o);

// analysis::reason_name's words ("latency") in the page's language.
std::string reason_text(const Strings& s, std::string_view reason);

// After a capacity search (`saturation_rate` set): "All objectives are met
// at the saturation point, 29.8 journeys/s." only when every one is;
// otherwise the ones that are not. After a run: met, or how many are not.
std::string objectives_headline(const Strings& s, const std::vector<Objective>& objectives,
                                std::optional<double> saturation_rate);

// The USL fit as the search stated it (recorded), or, for records written
// before the statement was, decided again from the figures by the same rule.
capacity::UslStatement usl_statement_of(const Saturation& sat);
std::string usl_text(const Strings& s, const Saturation& sat);
std::string knee_text(const Strings& s, double rate);
std::string moved_text(const Strings& s, const Saturation::Moved& moved);
// "Limiting step: journey p95 (latency): <detail>."
std::string limiting_text(const Strings& s, const Saturation& sat);

// The verdict's sentences about what broke, a moving capacity, the knee and
// the USL fit, in this order (summary.json, junit.xml).
std::vector<std::string> story_sentences(const Strings& s, const Saturation& sat);

}  // namespace rollcall::report
