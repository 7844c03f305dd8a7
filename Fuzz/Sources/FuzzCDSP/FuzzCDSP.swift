import FuzzSupport

/// The C core's entry points fed with hostile sizes and values: NaN, ±Inf, denormals, huge magnitudes, zero
/// and negative lengths, huge counts. The input's first byte chooses the entry point, the rest describes the
/// call (`FuzzInput`). Functions with a status must refuse what they cannot do (error code, nothing written);
/// none may read or write outside the buffers it was given (AddressSanitizer), overflow (UBSan) or crash.
@_cdecl("FuzzCDSP_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let cases: [(inout FuzzInput) -> Void] = [
        FrontEndCases.hostileSamples,        // cdsp_mfcc_frames, cdsp_log_mel_frames, decimation, pitch via DSPKit
        FrontEndCases.hostileOptions,        // the same with any FrontEndOptions that validate()
        FrontEndCases.hostileFrameSizes,     // cdsp_mfcc_frames / cdsp_log_mel_frames sizes and strides
        DecimationCase.hostileCall,          // cdsp_decimate taps, factor, offsets, lengths
        PitchCase.hostileCall,               // cdsp_pitch_frames centres, offsets and samples
        GMMCase.hostileScoring,              // GMM scoring and accumulation
        NetworkAPICases.campplus,            // CAM++ configuration, sizes, kernels
        NetworkAPICases.segmentation,        // segmentation configuration, sizes, kernels
    ]
    return FuzzDriver.run(argc, argv) { data in
        var input = FuzzInput(data)
        let selector = Int(input.byte()) % cases.count
        cases[selector](&input)
    }
}
