@_exported import SpasmCore
