#define _GNU_SOURCE
#include "CLabSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* Marks every descriptor above 2 close-on-exec. Async-signal-safe. */
static void mark_descriptors_close_on_exec(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
#endif
    struct rlimit limit;
    long maximum = 65536;
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY && (long)limit.rlim_cur < maximum) {
        maximum = (long)limit.rlim_cur;
    }
    for (long fd = 3; fd < maximum; fd++) {
        int flags = fcntl((int)fd, F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC)) fcntl((int)fd, F_SETFD, flags | FD_CLOEXEC);
    }
}

/* Reports errno to the parent through the status pipe and exits. Async-signal-safe. */
static void report_and_exit(int report_fd) {
    int error = errno;
    (void)!write(report_fd, &error, sizeof error);
    _exit(127);
}

/* Makes `source` the child's descriptor `target`, kept across exec. Async-signal-safe. */
static int install_descriptor(int source, int target) {
    if (source == target) return fcntl(target, F_SETFD, 0);
    return dup2(source, target) < 0 ? -1 : 0;
}

pid_t lab_spawn_with_streams(
    const char *path, char *const argv[], char *const envp[], int input_fd, int output_fd, int error_fd,
    const char *working_directory) {
    pid_t parent = getpid();
    int status_pipe[2];
    if (pipe2(status_pipe, O_CLOEXEC) != 0) return -1;

    /* Block every signal across the fork so that no handler of the parent runs in the child
       before its dispositions are reset. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pid_t child = fork();
    if (child == 0) {
        /* Only async-signal-safe calls from here to exec. */
        close(status_pipe[0]);
        /* Keep every descriptor we still need away from 0, 1 and 2, which are about to be
           replaced (a caller's descriptor may itself be one of them). */
        int report_fd = status_pipe[1];
        if (report_fd <= 2) {
            report_fd = fcntl(status_pipe[1], F_DUPFD_CLOEXEC, 3);
            if (report_fd < 0) _exit(127);
        }
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127); /* the parent already died */
        setpgid(0, 0);
        struct sigaction default_action = {0};
        default_action.sa_handler = SIG_DFL;
        sigemptyset(&default_action.sa_mask);
        for (int signal_number = 1; signal_number < NSIG; signal_number++) {
            if (signal_number == SIGKILL || signal_number == SIGSTOP) continue;
            sigaction(signal_number, &default_action, NULL); /* fails harmlessly for reserved ones */
        }
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        if (input_fd < 0) {
            input_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (input_fd < 0) report_and_exit(report_fd);
        }
        int sources[3] = {input_fd, output_fd, error_fd};
        for (int target = 0; target <= 2; target++) {
            if (sources[target] >= 0 && sources[target] <= 2 && sources[target] != target) {
                sources[target] = fcntl(sources[target], F_DUPFD_CLOEXEC, 3);
                if (sources[target] < 0) report_and_exit(report_fd);
            }
        }
        for (int target = 0; target <= 2; target++) {
            if (sources[target] >= 0 && install_descriptor(sources[target], target) != 0) report_and_exit(report_fd);
        }
        mark_descriptors_close_on_exec(); /* no descriptor of the lab leaks into the child */
        if (working_directory != NULL && chdir(working_directory) != 0) report_and_exit(report_fd);
        execve(path, argv, envp);
        report_and_exit(report_fd);
    }
    int fork_error = errno;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    close(status_pipe[1]);
    if (child < 0) {
        close(status_pipe[0]);
        errno = fork_error;
        return -1;
    }
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

pid_t lab_spawn_in_directory(
    const char *path, char *const argv[], char *const envp[], int output_fd, const char *working_directory) {
    return lab_spawn_with_streams(path, argv, envp, -1, output_fd, output_fd, working_directory);
}

pid_t lab_spawn(const char *path, char *const argv[], char *const envp[], int output_fd) {
    return lab_spawn_in_directory(path, argv, envp, output_fd, NULL);
}
