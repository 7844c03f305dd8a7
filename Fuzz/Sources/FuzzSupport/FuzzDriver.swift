/// Runs libFuzzer from a SwiftPM executable target.
///
/// Why it exists: SwiftPM renames an executable's entry point to `<Target>_main` and links it with
/// `--defsym main=<Target>_main`, so libFuzzer's own `main` (what `-sanitize=fuzzer` links) would be a
/// duplicate. The fuzz package instead links libFuzzer's no-main archive (`libclang_rt.fuzzer_no_main`, see
/// scripts/fuzz) and every target calls `FuzzDriver.run` from its `<Target>_main`, which hands the command
/// line to `LLVMFuzzerRunDriver` with the target's body as the per-input callback.
public enum FuzzDriver {
    /// The body of the running target; set once before the driver starts (libFuzzer calls back on one thread).
    nonisolated(unsafe) private static var body: (UnsafeRawBufferPointer) -> Void = { _ in }

    /// Runs libFuzzer with the process's command line (`argc`, `argv` as `<Target>_main` receives them);
    /// `body` is called with every input and must end normally for any bytes (a crash is a finding).
    /// Returns libFuzzer's exit status.
    public static func run(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                           _ body: @escaping (UnsafeRawBufferPointer) -> Void) -> CInt {
        Self.body = body
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments) { data, size in
            FuzzDriver.body(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        }
    }
}

/// libFuzzer's entry point for programs that have their own `main` (compiler-rt's FuzzerDriver.cpp).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt
