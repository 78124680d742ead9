/*
 * fork-check: the test suite's own, deliberately different measurement of a fork's cost per page
 * and of a COW write fault, to check the kernel probe's order of magnitude. Instead of subtracting
 * an empty fork it takes the slope of fork time between a small and a large populated region;
 * it populates with memset (no madvise), writes 8 bytes per page in the child, times with
 * CLOCK_MONOTONIC_RAW, and reports the median of five repetitions.
 *
 *   fork-check SMALL_MIB LARGE_MIB   prints "fork_per_page NS" and "cow NS"
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double raw_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC_RAW, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* fork with len bytes populated; returns the fork's ns, *cow the child's ns per page written */
static double one(long len, double *cow) {
    char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(1);
    }
    memset(p, 1, len);
    int fd[2];
    if (pipe(fd) != 0) {
        exit(1);
    }
    double t0 = raw_ns();
    pid_t pid = fork();
    if (pid == 0) {
        double c0 = raw_ns();
        for (long off = 0; off < len; off += 4096) {
            memset(p + off, 2, 8);
        }
        double per = (raw_ns() - c0) / (len / 4096);
        write(fd[1], &per, sizeof per);
        _exit(0);
    }
    double forked = raw_ns() - t0;
    if (read(fd[0], cow, sizeof *cow) != sizeof *cow) {
        exit(1);
    }
    waitpid(pid, NULL, 0);
    close(fd[0]);
    close(fd[1]);
    munmap(p, len);
    return forked;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        return 2;
    }
    long small = atol(argv[1]) << 20, large = atol(argv[2]) << 20;
    double slope[5], cows[5], c;
    for (int i = 0; i < 5; i++) {
        double a = one(small, &c);
        double b = one(large, &cows[i]);
        slope[i] = (b - a) / ((large - small) / 4096);
    }
    qsort(slope, 5, sizeof(double), cmp);
    qsort(cows, 5, sizeof(double), cmp);
    printf("fork_per_page %.3f\ncow %.3f\n", slope[2], cows[2]);
    return 0;
}
