/// The TMX 1.4 DTD (LISA OSCAR, "-//LISA OSCAR:1998//DTD for Translation Memory eXchange//EN"), compiled into
/// the binary from `Resources/tmx14.dtd` so an installed `qantara` validates without a resource bundle and
/// never fetches the DTD.
enum TMX14DTD {
    static let text = String(decoding: PackageResources.tmx14_dtd, as: UTF8.self)
}
