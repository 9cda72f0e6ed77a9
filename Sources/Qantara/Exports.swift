@_exported import QantaraText
@_exported import QantaraTMX
@_exported import QantaraXML
@_exported import QantaraMemory
