import vinr

try:
    vinr.Customer.modify("cust_0000", email="jenny.rosen@example.com")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
