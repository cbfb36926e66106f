"""placeholder"""
ADVANCED = []
