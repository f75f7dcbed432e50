#ifndef SPASM_CEDITLINE_SHIM_H
#define SPASM_CEDITLINE_SHIM_H
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <editline/readline.h>

/* Ctrl-C while editing a line.
 *
 * The handler only sets a flag (the one thing a signal handler may safely do). It is installed
 * without SA_RESTART, so the read() inside readline() fails with EINTR and readline() returns
 * NULL; the caller then tells an interrupt from end of input (Ctrl-D) by the flag. Written in C
 * because Swift cannot express a sig_atomic_t flag or fill struct sigaction's handler union
 * portably. */
static volatile sig_atomic_t spasm_interrupt_flag = 0;

static void spasm_on_interrupt(int signal_number) {
    (void)signal_number;
    spasm_interrupt_flag = 1;
}

/* Installs the Ctrl-C handler; returns 0 on success, -1 on failure. */
static inline int spasm_install_interrupt_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = spasm_on_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: interrupt the read */
    return sigaction(SIGINT, &action, NULL);
}

/* Returns 1 if Ctrl-C was pressed since the last call, and clears the flag. */
static inline int spasm_take_interrupt(void) {
    int was_interrupted = spasm_interrupt_flag != 0;
    spasm_interrupt_flag = 0;
    return was_interrupted;
}

#endif
