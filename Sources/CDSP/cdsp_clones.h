/*
 * cdsp_clones.h (private) - whether hot functions may be compiled as several clones the loader picks from
 * (target_clones: one ifunc per function, resolved while the program is loaded).
 *
 * Not under ThreadSanitizer: ifunc resolvers run while the loader relocates, before the TSan runtime is up, and
 * the instrumented resolvers crash the program at start (scripts/sanitize thread). The baseline clone rounds as
 * the others do (see cdsp_sum.h), so sanitizer runs see the same numbers.
 */
#ifndef CDSP_CLONES_H
#define CDSP_CLONES_H

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define CDSP_USE_TARGET_CLONES 1
#endif
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#undef CDSP_USE_TARGET_CLONES
#endif
#endif

#endif /* CDSP_CLONES_H */
