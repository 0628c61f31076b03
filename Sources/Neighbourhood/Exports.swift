@_exported import NeighbourhoodAnalytics
@_exported import NeighbourhoodFormats
@_exported import NeighbourhoodGeometry
@_exported import NeighbourhoodIncidents
@_exported import NeighbourhoodProjection
@_exported import NeighbourhoodMaps
@_exported import NeighbourhoodStore
