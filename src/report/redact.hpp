#pragma once
// Removes secrets from the configuration a report shows: results files are
// attached to tickets and CI artifacts, passwords and tokens must not be.
#include <string_view>

#include <boost/json/value.hpp>

namespace rollcall::report {

inline constexpr std::string_view redacted_text = "***";

// True for a key that names a secret: common/secret_names.hpp's list.
bool is_secret_name(std::string_view name);

// A copy of `config` where, at any depth:
// - the value of every object member whose key is_secret_name is "***";
// - a header given as {"name": "Authorization", "value": "..."} or as a
//   "Name: value" string has its value replaced when the name is secret;
// - a feeder's columns named like secrets have their sample values replaced
//   (an object {"columns": [...], "rows"/"sample": [[...]]}).
// Strings that are not values of such keys are kept: the caller passes the
// configuration, not feeder data.
boost::json::value redact(const boost::json::value& config);

}  // namespace rollcall::report
