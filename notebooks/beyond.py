"""placeholder"""
BEYOND = []
