# Installing l2dc: the CMake package, the pkg-config file, the man page and the guide.
# (The targets' own rules are beside them: runtime-support/ and transpiler/.) Every path
# an installed file holds is relative to where it is, so an installed tree can be moved.
#
#   PREFIX/bin/l2dc
#   PREFIX/include/l2d/*.hpp, symbols.def
#   PREFIX/LIBDIR/libl2drt.a
#   PREFIX/LIBDIR/cmake/l2dc/l2dc{Config,ConfigVersion,Targets*,AddExecutable}.cmake
#   PREFIX/LIBDIR/pkgconfig/l2dc.pc
#   PREFIX/share/l2dc/runtime/{include,src}   the runtime's sources, for `l2dc ship`
#   PREFIX/share/man/man1/l2dc.1.gz
#   PREFIX/share/doc/l2dc/guide.md
include(CMakePackageConfigHelpers)

set(L2DC_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/l2dc" CACHE STRING
    "Where the CMake package files go, below the prefix")
mark_as_advanced(L2DC_INSTALL_CMAKEDIR)

# ---- the CMake package ----------------------------------------------------------------------
install(EXPORT l2dcTargets NAMESPACE l2dc:: DESTINATION ${L2DC_INSTALL_CMAKEDIR})
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/l2dcConfig.cmake.in ${PROJECT_BINARY_DIR}/l2dcConfig.cmake
  INSTALL_DESTINATION ${L2DC_INSTALL_CMAKEDIR})
# 0.x: a new minor version may change the runtime ABI (L2D_ABI_VERSION).
write_basic_package_version_file(${PROJECT_BINARY_DIR}/l2dcConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/l2dcConfig.cmake ${PROJECT_BINARY_DIR}/l2dcConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/l2dcAddExecutable.cmake
        DESTINATION ${L2DC_INSTALL_CMAKEDIR})

# ---- pkg-config: prefix=${pcfiledir}/<the way back up from LIBDIR/pkgconfig> ----------------
file(RELATIVE_PATH L2DC_PC_PREFIX "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig" "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" L2DC_PC_PREFIX "${L2DC_PC_PREFIX}")
foreach(kind INCLUDEDIR LIBDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(L2DC_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(L2DC_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/l2dc.pc.in ${PROJECT_BINARY_DIR}/l2dc.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/l2dc.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# ---- documentation: the man page (compressed, as Debian wants it) and the guide --------------
find_program(L2DC_GZIP gzip REQUIRED)
mark_as_advanced(L2DC_GZIP)
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/l2dc.1.gz
  COMMAND ${L2DC_GZIP} -9 -n -c ${PROJECT_SOURCE_DIR}/docs/l2dc.1 > ${PROJECT_BINARY_DIR}/l2dc.1.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/docs/l2dc.1
  COMMENT "Compressing the man page"
  VERBATIM)
add_custom_target(l2dc_man ALL DEPENDS ${PROJECT_BINARY_DIR}/l2dc.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/l2dc.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${PROJECT_SOURCE_DIR}/docs/guide.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
