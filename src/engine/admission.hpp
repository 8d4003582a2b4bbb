#pragma once
// Tells an ENT's "not now" from an error: a waiting-room page (queued) or a
// quota page (rejected), by the scenario's admission rules; and how long a
// waiting room asks the browser to wait.
#include <chrono>
#include <string_view>

#include "http/response_reader.hpp"
#include "scenario/model.hpp"

namespace rollcall::engine {

enum class Admitted { yes, queued, rejected };

Admitted classify_admission(const scenario::Admission& admission, const http::ResponseData& response);

// What the page says, as a browser reads it: a Retry-After header (seconds
// or an HTTP date), else a <meta http-equiv="refresh" content="N">, else
// `fallback`. Never negative.
std::chrono::nanoseconds admission_wait(const http::ResponseData& response, std::chrono::nanoseconds fallback,
                                        std::chrono::system_clock::time_point now);

// The delay of a Retry-After value; nothing when it is neither form.
std::optional<std::chrono::nanoseconds> parse_retry_after(std::string_view value,
                                                          std::chrono::system_clock::time_point now);

// The delay of the first <meta http-equiv="refresh" content="N[;url=...]">.
std::optional<std::chrono::nanoseconds> parse_meta_refresh(std::string_view html);

}  // namespace rollcall::engine
