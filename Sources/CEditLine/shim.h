#ifndef SPASM_CEDITLINE_SHIM_H
#define SPASM_CEDITLINE_SHIM_H
#include <stdio.h>
#include <editline/readline.h>
#endif
