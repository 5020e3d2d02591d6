#ifndef BIGBUNNY_CLABSPAWN_H
#define BIGBUNNY_CLABSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) in a new process group, with its
/// standard output and error sent to `output_fd` (standard input from /dev/null), and with
/// PR_SET_PDEATHSIG(SIGKILL) set so the child dies when the process that spawned it dies.
/// Returns the child's pid, or -1 with errno set.
pid_t lab_spawn(const char *path, char *const argv[], char *const envp[], int output_fd);

#endif
