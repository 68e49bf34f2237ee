# l2dc_add_executable: a native executable from a Lisp2D script, built by CMake.
#
#   l2dc_add_executable(<name> SOURCES <script>.l2d [<more sources>…]
#                       [OPTIMIZE <0-3>] [HISTORY <n>] [ECHO])
#
# The script is translated at build time by `l2dc::l2dc translate` into
# ${CMAKE_CURRENT_BINARY_DIR}/<name>.cpp (re-translated whenever the script or l2dc
# changes), and <name> is an ordinary executable target built from it and linked to
# l2dc::runtime, so target_* commands apply to it as to any other.
#
#   SOURCES   exactly one .l2d script (a Lisp2D program is one file); other files (C++
#             sources, headers) are added to the executable as they are
#   OPTIMIZE  the C++ optimisation level (-O<n>), as `l2dc build -O`; without it the
#             build type's flags decide
#   HISTORY   the initial history size, as `l2dc build --history` (0 turns recording off)
#   ECHO      print the value of every top-level form, as `l2dc build --echo`
#
# Needs the targets l2dc::l2dc and l2dc::runtime: find_package(l2dc) defines them, and so
# does add_subdirectory() on l2dc's sources. Modelled on protobuf_generate and
# pybind11_add_module.
include_guard(GLOBAL)

function(l2dc_add_executable name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "ECHO" "OPTIMIZE;HISTORY" "SOURCES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "l2dc_add_executable(${name}): unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(ARG_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "l2dc_add_executable(${name}): ${ARG_KEYWORDS_MISSING_VALUES} needs a value")
  endif()
  foreach(target l2dc::l2dc l2dc::runtime)
    if(NOT TARGET ${target})
      message(FATAL_ERROR "l2dc_add_executable(${name}): no target ${target}; call find_package(l2dc) first")
    endif()
  endforeach()

  set(scripts "")
  set(others "")
  foreach(src IN LISTS ARG_SOURCES)
    if(src MATCHES "\\.l2d$")
      list(APPEND scripts "${src}")
    else()
      list(APPEND others "${src}")
    endif()
  endforeach()
  list(LENGTH scripts count)
  if(NOT count EQUAL 1)
    message(FATAL_ERROR "l2dc_add_executable(${name}): SOURCES needs exactly one .l2d script, got ${count}")
  endif()
  get_filename_component(script "${scripts}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  set(options "")
  if(DEFINED ARG_OPTIMIZE)
    if(NOT ARG_OPTIMIZE MATCHES "^[0-3]$")
      message(FATAL_ERROR "l2dc_add_executable(${name}): OPTIMIZE must be 0, 1, 2 or 3, not '${ARG_OPTIMIZE}'")
    endif()
    list(APPEND options -O ${ARG_OPTIMIZE})
  endif()
  if(DEFINED ARG_HISTORY)
    if(NOT ARG_HISTORY MATCHES "^[0-9]+$")
      message(FATAL_ERROR "l2dc_add_executable(${name}): HISTORY must be a count, not '${ARG_HISTORY}'")
    endif()
    list(APPEND options --history ${ARG_HISTORY})
  endif()
  if(ARG_ECHO)
    list(APPEND options --echo)
  endif()

  # `#line` directives in the C++ name the script by this absolute path: gdb finds it.
  set(cpp "${CMAKE_CURRENT_BINARY_DIR}/${name}.cpp")
  file(RELATIVE_PATH shown "${CMAKE_CURRENT_SOURCE_DIR}" "${script}")
  add_custom_command(
    OUTPUT "${cpp}"
    COMMAND l2dc::l2dc translate "${script}" -o "${cpp}" ${options}
    DEPENDS "${script}" l2dc::l2dc
    COMMENT "Translating ${shown} to C++"
    VERBATIM)

  add_executable(${name} "${cpp}" ${others})
  target_link_libraries(${name} PRIVATE l2dc::runtime)
  if(DEFINED ARG_OPTIMIZE)
    target_compile_options(${name} PRIVATE -O${ARG_OPTIMIZE})
    # As l2dc build from -O2 (toolchain.hpp code_layout_options): hot functions on
    # 32-byte boundaries, so their speed does not follow the runtime's size.
    if(ARG_OPTIMIZE GREATER_EQUAL 2)
      target_compile_options(${name} PRIVATE -falign-functions=32)
    endif()
  endif()
endfunction()
