// Catch2 entry point; the runtime is initialised once for every test.
#define CATCH_CONFIG_RUNNER
#include <catch.hpp>

#include "l2d/init.hpp"

int main(int argc, char* argv[]) {
  l2d::init_runtime();
  return Catch::Session().run(argc, argv);
}
