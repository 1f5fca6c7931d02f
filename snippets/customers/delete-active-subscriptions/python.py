import vinr

try:
    vinr.Customer.delete("cust_8aZ2")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
