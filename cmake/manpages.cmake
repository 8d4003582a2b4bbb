# Writes the manual pages from the built program's own help, with help2man:
# rollcall.1 (the program, its options and the list of subcommands) and one
# page per subcommand, rollcall-run.1 and the like (each with every flag of
# that subcommand), as git and systemd do. Nothing is written by hand, so
# the pages say what the program accepts. The subcommands are read from
# `rollcall --help` when this runs.
#
# cmake -DROLLCALL=<binary> -DHELP2MAN=<help2man> -DVERSION=<x.y.z> -DOUT=<dir> -P manpages.cmake
# writes <dir>/man1/*.1.

foreach(var ROLLCALL HELP2MAN VERSION OUT)
  if(NOT ${var})
    message(FATAL_ERROR "manpages.cmake: ${var} is not set")
  endif()
endforeach()

file(REMOVE_RECURSE "${OUT}/man1" "${OUT}/wrappers")
file(MAKE_DIRECTORY "${OUT}/man1" "${OUT}/wrappers")

execute_process(COMMAND "${ROLLCALL}" --help OUTPUT_VARIABLE help RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "manpages.cmake: ${ROLLCALL} --help failed (${rc})")
endif()

# CLI11's list: "Subcommands:", then one "  name   description" line each.
set(subcommands "")
string(REPLACE "\n" ";" lines "${help}")
set(in_list FALSE)
foreach(line IN LISTS lines)
  if(line STREQUAL "Subcommands:")
    set(in_list TRUE)
  elseif(in_list AND line MATCHES "^  ([a-z][a-z0-9-]*)")
    list(APPEND subcommands "${CMAKE_MATCH_1}")
  elseif(in_list)
    break()
  endif()
endforeach()
if(NOT subcommands)
  message(FATAL_ERROR "manpages.cmake: no subcommands in `rollcall --help`")
endif()

function(help2man page program name include)
  execute_process(
    COMMAND "${HELP2MAN}" --no-info --no-discard-stderr --version-string=${VERSION}
            --section=1 --manual "User Commands" --source "rollcall ${VERSION}"
            --name "${name}" --include "${include}" --output "${OUT}/man1/${page}.1" "${program}"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "manpages.cmake: help2man ${page} failed: ${err}")
  endif()
endfunction()

# rollcall.1: where each subcommand's page is.
list(TRANSFORM subcommands PREPEND ".BR rollcall\\-" OUTPUT_VARIABLE see_also)
list(JOIN see_also " (1),\n" see_also)
file(WRITE "${OUT}/wrappers/rollcall.h2m"
  "[SUBCOMMANDS]\nEach subcommand has its own page with all its options: \\fBman rollcall\\-run\\fR.\n"
  ".PP\nBash completion: \\fBsource <(rollcall completion bash)\\fR.\n\n[SEE ALSO]\n${see_also} (1)\n")
help2man(rollcall "${ROLLCALL}" "find where a school digital workspace breaks before the rollout"
         "${OUT}/wrappers/rollcall.h2m")

# rollcall-<sub>.1: help2man names a page after the program it runs, so each
# subcommand is run through a two-line wrapper of that name.
file(WRITE "${OUT}/wrappers/subcommand.h2m" "[SEE ALSO]\n.BR rollcall (1)\n")
foreach(sub IN LISTS subcommands)
  execute_process(COMMAND "${ROLLCALL}" ${sub} --help OUTPUT_VARIABLE sub_help RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "manpages.cmake: rollcall ${sub} --help failed (${rc})")
  endif()
  # The first line of a subcommand's help is its description.
  string(REGEX MATCH "^[^\n]*" description "${sub_help}")
  set(wrapper "${OUT}/wrappers/rollcall-${sub}")
  file(WRITE "${wrapper}" "#!/bin/sh\nexec '${ROLLCALL}' ${sub} \"$@\"\n")
  file(CHMOD "${wrapper}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE)
  help2man(rollcall-${sub} "${wrapper}" "${description}" "${OUT}/wrappers/subcommand.h2m")
endforeach()
