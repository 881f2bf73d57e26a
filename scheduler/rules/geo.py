"""Distances on the earth's surface, for the nearby rule (就近就便).

One formula (haversine on a sphere of the mean earth radius), in a scalar form for single pairs and
an array form for the city-scale index; both compute in the same order so they agree to the last
bit that matters.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True, slots=True)
class Place:
    """Where a volunteer lives or a post is: community, street, district and coordinates."""

    community: str
    street: str
    district: str
    latitude: float | None
    longitude: float | None

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


def distance_km(home: Place, post: Place) -> float | None:
    """Kilometres between two places, or None when a side has no coordinates."""
    if not (home.has_coordinates and post.has_coordinates):
        return None
    return great_circle_km(home.latitude, home.longitude, post.latitude, post.longitude)


def haversine_km(lat1, lon1, lat2: float, lon2: float) -> np.ndarray:
    """``great_circle_km`` on arrays of homes against one point (same formula, same order)."""
    phi1, phi2 = np.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, np.radians(lon2 - lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * math.cos(phi2) * np.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
