@_exported import QantaraText
@_exported import QantaraTMX
@_exported import QantaraXML
@_exported import QantaraSegmentation
@_exported import QantaraGlossary
@_exported import QantaraMemory
