import CDSP

/// DSPKit: the audio side of bechdelcli, a safe Swift layer over the C hot loops (CDSP),
/// libsndfile and libsamplerate. This namespace carries facts about the library itself.
public enum DSPKitInfo {
    /// Version of the C core's API that this Swift layer was built against.
    public static var cCoreAPIVersion: Int { Int(cdsp_api_version()) }
}
