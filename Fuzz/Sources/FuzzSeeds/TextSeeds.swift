/// Seeds of the text parsers' targets: small valid files in each format and a few near misses.
enum TextSeeds {
    static var all: [(String, [(String, String)])] {
        [
            ("FuzzRTTM", [
                ("scene", """
                SPEAKER scene 1 0.000 2.500 <NA> <NA> F_anna <NA> <NA>
                SPEAKER scene 1 2.250 1.125 <NA> <NA> M_bert <NA> <NA>
                ;; comment
                SPEAKER other 1 10.5 0.25 <NA> <NA> M_bert <NA> <NA>

                """),
                ("odd", "# header\nSPEAKER a 1 1e3 0 <NA> <NA> x\nNOISE a 1 0 1\nSPEAKER a 1 -0.0 1e-9 <NA> <NA> y <NA> <NA>\r\n"),
            ]),
            ("FuzzAudioManifest", [
                ("manifest", """
                path,kind,speaker,sex
                speech/anna_01.flac,speech,anna,F
                /data/speech/bert_02.wav,speech,bert,M
                ../music/piano.ogg,music,,
                noise/rain.wav,noise,,

                """),
                ("spaces", "path , kind , speaker , sex\r\n a.wav , speech , s1 , F \r\n\r\nb.wav,music,,\n"),
            ]),
            ("FuzzSceneList", [
                ("scenes", """
                id,audio,rttm,n_female,n_male,n_speakers,duration
                s1,s1.flac,s1.rttm,1,1,2,30.0
                s2,/abs/s2.wav,../rttm/s2.rttm,0,3,3,12.5

                """),
                ("reordered", "n_male,rttm,id,n_female,audio\n2,x.rttm,x,0,x.wav\n\n-1,y.rttm,y,1,y.wav\n"),
            ]),
            ("FuzzPredict", [
                ("films", """
                imdb_id,title,year,genres,language,budget,gross,plot,rating
                tt0000001,One,1999,Drama|Comedy,en,1000000,2500000,"Two women talk, about work.",3
                tt0000002,"Two, with comma",2005,Action,fr,,100,A man and his brother,1
                tt0000003,Three,,,,5e6,NaN,"Quote ""inside"" text",
                """),
                ("bom-crlf", "\u{FEFF}imdb_id,year,rating\r\ntt1,2001,2\r\n\r\ntt2,abc,x\r\n"),
            ]),
        ]
    }
}
