#pragma once
// The words of report.html, in English and French: the people who read a
// capacity report for a French school portal are often not engineers, and
// often read French first.
#include <optional>
#include <string>
#include <string_view>

namespace rollcall::report {

enum class Lang { en, fr };

// "fr" or "en"; nullopt otherwise (the CLI turns that into a usage error).
std::optional<Lang> lang_from_name(std::string_view name);
// From LC_ALL, then LC_MESSAGES, then LANG: French when the first one set
// starts with "fr", English otherwise.
Lang lang_from_environment();

struct Strings {
  std::string_view html_lang, decimal;
  std::string_view title, verdict, no_capacity, saturation_at, no_saturation, limiting_step, reason, knee_at,
      interval_between, margin, margin_text, margin_short, recovery, recovered_after, not_recovered, not_measured,
      usl_text, objectives, all_met, some_failed, no_objectives, incomplete, truncated, invalid_intervals;
  std::string_view arrivals, offered, achieved, time, arrivals_per_s, rung_pass, rung_fail, rung_invalid;
  std::string_view latency, latency_limiting, latency_pick, latency_ms, downsampled;
  std::string_view saturation_curve, offered_rate, p95_ms, error_pct, knee, saturation, usl_title, usl_fit,
      measured_throughput, throughput;
  std::string_view capacity_search, rung, verdict_column, achieved_rate;
  std::string_view per_step, step, requests, errors, error_ratio, p50, p95, p99, max, classes, queued, rejected;
  std::string_view per_persona, persona, started, completed, failed, abandoned, retries, restarts;
  std::string_view generator, loop_lag, lateness, cpu, unsent, invalid_interval;
  std::string_view configuration, scenario, target, kind, version, host, generators, generators_label, started_at, duration, settings;
  std::string_view objective, measured, bound, passed_word, failed_word;
  // The capacity verdict told the same way everywhere (capacity_story.hpp).
  // limiting_sentence, moved and usl_*: French patterns only, the English
  // sentences are the console's (capacity_result.hpp), word for word.
  std::string_view no_data_word, samples_word, limiting_word, limiting_sentence, moved, moved_once,
      usl_contradicted,
      usl_unsupported, all_met_at, not_met_at, at_saturation, at_failing, journeys_per_s;
  std::string_view reason_none, reason_latency, reason_errors, reason_rejected, reason_throughput, reason_completion;
};

const Strings& strings(Lang lang);

}  // namespace rollcall::report
