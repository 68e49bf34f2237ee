# CPack: `cpack -G DEB` (from the build directory) writes l2dc_VERSION-1_ARCH.deb, which
# installs the tree of cmake/Install.cmake below /usr.
#
# Depends: the libraries l2dc itself links (found by dpkg-shlibdeps), and what translated
#   programs need to build: a C++ compiler and the runtime's headers and libraries
#   (libgc-dev, libgmp-dev; the installed <l2d/*.hpp> include <gmp.h> and nothing of Boost).
# Suggests: libboost-dev and cmake, which the projects `l2dc ship` writes need (the shipped
#   runtime sources include the Spirit X3 reader) on whatever machine builds them; gdb for
#   `l2dc build -g`; pkg-config for l2dc.pc.
set(L2DC_PACKAGE_MAINTAINER "Seed ab77a9d2 maintainers <maintainers@users.noreply.r-seed-ab77a9d2.example>"
    CACHE STRING "The Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME l2dc)
set(CPACK_PACKAGE_VENDOR "l2dc")
set(CPACK_PACKAGE_CONTACT "${L2DC_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "compiler from the Lisp2D language to C++ and native executables")
set(CPACK_PACKAGE_DESCRIPTION
    "l2dc translates Lisp2D scripts - an object-oriented Lisp in which every form is a message send - into readable C++ that links a small runtime library (libl2drt.a), and builds native executables from them. It also runs scripts through an evaluator (an interactive REPL), writes standalone CMake projects (l2dc ship), and provides a CMake package (find_package(l2dc), l2dc_add_executable) and a pkg-config file for building translated programs in other projects.")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)   # strips bin/l2dc; CMake leaves static libraries alone

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${L2DC_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libgc-dev, libgmp-dev, g++ (>= 4:10) | c++-compiler")  # C++20
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, libboost-dev, gdb, pkg-config")

include(CPack)
