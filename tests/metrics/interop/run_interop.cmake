# Cross-checks rollcall's HdrHistogram interval logs against HdrHistogram for
# Java, both ways. Run by ctest as a script:
#   cmake -DINTEROP=<hlog_interop> -DJAVA=<java> -DJAR=<hdrhistogram.jar>
#         -DCHECKER=<HlogInterop.java> -DWORK_DIR=<dir> -P run_interop.cmake
file(MAKE_DIRECTORY "${WORK_DIR}")
set(java_run "${JAVA}" -cp "${JAR}" "${CHECKER}")

# rollcall writes, Java reads.
execute_process(COMMAND "${INTEROP}" write "${WORK_DIR}/rollcall.hlog" "${WORK_DIR}/rollcall.expected"
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND ${java_run} check "${WORK_DIR}/rollcall.hlog" "${WORK_DIR}/rollcall.expected"
                COMMAND_ERROR_IS_FATAL ANY)

# Java writes, rollcall reads.
execute_process(COMMAND ${java_run} write "${WORK_DIR}/java.hlog" "${WORK_DIR}/java.expected"
                COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${INTEROP}" read "${WORK_DIR}/java.hlog" "${WORK_DIR}/java.expected"
                COMMAND_ERROR_IS_FATAL ANY)
