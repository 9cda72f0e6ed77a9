@_exported import QantaraText
@_exported import QantaraTMX
@_exported import QantaraXML
@_exported import QantaraAlignment
@_exported import QantaraSegmentation
@_exported import QantaraGlossary
@_exported import QantaraReview
@_exported import QantaraReviewServer
