#ifndef BIGBUNNY_CLABSPAWN_H
#define BIGBUNNY_CLABSPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) in a new process group, with its
/// standard output and error sent to `output_fd` (standard input from /dev/null), and with
/// PR_SET_PDEATHSIG(SIGKILL) set so the child dies when the process that spawned it dies.
/// Returns the child's pid once the exec has succeeded, or -1 with errno set (exec failures
/// included: the child reports its errno through a close-on-exec pipe and is reaped here).
///
/// The child starts clean: every signal disposition back to its default (an ignored SIGPIPE
/// in the parent is not inherited), an empty signal mask, and no inherited descriptors other
/// than 0, 1 and 2 (everything above 2 is marked close-on-exec in the child).
///
/// Beware: Linux delivers the parent-death signal when the *thread* that forked exits, not
/// only when the whole process exits. Call this from a thread that lives as long as the
/// children should (LabRuntime uses one dedicated, never-ending spawner thread).
pid_t lab_spawn(const char *path, char *const argv[], char *const envp[], int output_fd);

/// `lab_spawn`, with the child's working directory set to `working_directory` before the exec
/// (NULL: the parent's). A failing chdir is reported like a failing exec.
pid_t lab_spawn_in_directory(
    const char *path, char *const argv[], char *const envp[], int output_fd, const char *working_directory);

/// The general form: standard input from `input_fd` (-1: /dev/null), standard output from
/// `output_fd` and standard error from `error_fd` (-1: inherited from the parent). The
/// descriptors may be equal. Used for one-shot commands whose input and output are files.
pid_t lab_spawn_with_streams(
    const char *path, char *const argv[], char *const envp[], int input_fd, int output_fd, int error_fd,
    const char *working_directory);

#endif
