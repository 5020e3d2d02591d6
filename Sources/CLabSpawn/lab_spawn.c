#define _GNU_SOURCE
#include "CLabSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

pid_t lab_spawn(const char *path, char *const argv[], char *const envp[], int output_fd) {
    pid_t parent = getpid();
    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) != 0) return -1;
    pid_t child = fork();
    if (child < 0) {
        close(status_pipe[0]);
        close(status_pipe[1]);
        return -1;
    }
    if (child == 0) {
        /* Only async-signal-safe calls from here to exec. */
        close(status_pipe[0]);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127); /* the parent already died */
        setpgid(0, 0);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        int null_fd = open("/dev/null", O_RDONLY);
        if (null_fd >= 0) dup2(null_fd, 0);
        if (output_fd >= 0) {
            dup2(output_fd, 1);
            dup2(output_fd, 2);
        }
        execve(path, argv, envp);
        int error = errno;
        (void)!write(status_pipe[1], &error, sizeof error);
        _exit(127);
    }
    close(status_pipe[1]);
    int error = 0;
    ssize_t count;
    do {
        count = read(status_pipe[0], &error, sizeof error);
    } while (count < 0 && errno == EINTR);
    close(status_pipe[0]);
    if (count == sizeof error) {
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
        errno = error;
        return -1;
    }
    return child;
}
