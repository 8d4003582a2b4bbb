# What `cmake --install` puts where, and the Debian package CPack makes of it
# (scripts/package.sh; docs/installing.md):
#
#   bin/rollcall
#   share/rollcall/scenarios/                 the scenarios and their accounts:
#                                             `rollcall demo` looks there
#   share/doc/rollcall/examples               -> ../../rollcall/scenarios
#   share/doc/rollcall/copyright              LICENSE
#   share/man/man1/rollcall.1, rollcall-<subcommand>.1   (with help2man)
#   share/bash-completion/completions/rollcall
#
# The scenarios are data the program reads (`rollcall demo` finds
# share/rollcall/scenarios/morning-rush.yaml from its own path), so they are
# installed there and the documentation folder links to them: a system that
# leaves /usr/share/doc out (dpkg's path-exclude, as slim images do) still
# has a working demo. The accounts CSVs are the built-in ENT's own made-up
# accounts (`rollcall sim --write-accounts`), nobody's credentials.

include(GNUInstallDirs)

install(TARGETS rollcall RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/rollcall/scenarios)
install(FILES ${CMAKE_SOURCE_DIR}/LICENSE DESTINATION ${CMAKE_INSTALL_DOCDIR} RENAME copyright)
file(CREATE_LINK ../../rollcall/scenarios ${CMAKE_BINARY_DIR}/examples SYMBOLIC)
install(FILES ${CMAKE_BINARY_DIR}/examples DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The bash completion script, written by the built program.
set(ROLLCALL_COMPLETION ${CMAKE_BINARY_DIR}/completion/rollcall)
add_custom_command(
  OUTPUT ${ROLLCALL_COMPLETION}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/completion
  COMMAND rollcall completion bash > ${ROLLCALL_COMPLETION}
  DEPENDS rollcall
  COMMENT "Writing the bash completion script"
  VERBATIM)
add_custom_target(rollcall_completion ALL DEPENDS ${ROLLCALL_COMPLETION})
install(FILES ${ROLLCALL_COMPLETION} DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)

# The manual pages, from the built program's --help (cmake/manpages.cmake),
# when help2man is there (scripts/install-deps.sh --package installs it).
find_program(ROLLCALL_HELP2MAN help2man)
if(ROLLCALL_HELP2MAN)
  set(man_stamp ${CMAKE_BINARY_DIR}/man/written)
  add_custom_command(
    OUTPUT ${man_stamp}
    COMMAND ${CMAKE_COMMAND} -DROLLCALL=$<TARGET_FILE:rollcall> -DHELP2MAN=${ROLLCALL_HELP2MAN}
            -DVERSION=${PROJECT_VERSION} -DOUT=${CMAKE_BINARY_DIR}/man -P ${CMAKE_SOURCE_DIR}/cmake/manpages.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${man_stamp}
    DEPENDS rollcall ${CMAKE_SOURCE_DIR}/cmake/manpages.cmake
    COMMENT "Writing the manual pages with help2man"
    VERBATIM)
  add_custom_target(rollcall_manpages ALL DEPENDS ${man_stamp})
  install(DIRECTORY ${CMAKE_BINARY_DIR}/man/man1/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "help2man not found: no manual pages (bash scripts/install-deps.sh --package)")
endif()

# The Debian package: rollcall_<version>_amd64.deb. Its Depends are what
# dpkg-shlibdeps (dpkg-dev) finds the binary linked against: the Boost,
# OpenSSL, yaml-cpp, re2, gumbo, fmt and zlib runtime libraries.
set(ROLLCALL_PACKAGE_MAINTAINER "rollcall maintainers <maintainers@rollcall.invalid>"
    CACHE STRING "The Debian package's Maintainer field")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME rollcall)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "load tester for school digital workspaces and their single sign-on")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER ${ROLLCALL_PACKAGE_MAINTAINER})
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS bash-completion)
# The summary above is the Description's first line; this, its long part.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "rollcall replays the login journeys of pupils, parents and teachers
(CAS and SAML single sign-on, portal, documents) from very many virtual
users against a school digital workspace (ENT), and finds the highest
login rate it takes before its objectives break (rollcall capacity).
It includes a built-in ENT simulator (rollcall sim) and a demo that
needs no setup (rollcall demo).")
include(CPack)
